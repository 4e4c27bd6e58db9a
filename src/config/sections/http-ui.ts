import { z } from "zod";

/** The web UI, served by the HTTP API's listener (so it is off whenever `http.enabled` is). */
export const httpUiSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Serve the web UI at / (docs/web-ui.md) when the HTTP API is on; off: no UI routes and no login",
      ),
    sessionMinutes: z
      .number()
      .int("must be a whole number of minutes")
      .min(5, "at least 5 minutes")
      .max(10_080, "at most 10080 minutes (7 days)")
      .default(720)
      .describe("A web UI login ends after this many minutes without a request"),
    atConsole: z
      .boolean()
      .default(false)
      .describe(
        "Let admins send single AT commands to the modem from the Diagnostics page (POST /api/v1/modem/at); PIN and lock commands are always refused",
      ),
  })
  .prefault({})
  .describe("The web UI: login with the admin password, pages over /api/v1");
