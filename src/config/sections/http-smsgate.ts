import { z } from "zod";
import { secret } from "../../util/secret.js";
import { text } from "./fields.js";

/**
 * The SMSGate (android-sms-gateway) local-server API: its routes at the root and under
 * /3rdparty/v1, with HTTP Basic credentials. Absent: the routes do not exist (no default
 * credentials, ever).
 */
export const smsgateSchema = z
  .strictObject({
    username: text()
      .pipe(
        z
          .string()
          .min(1, "must not be empty")
          .regex(/^[^:\s]+$/, "no colon or white space: Basic auth splits the name at the colon"),
      )
      .describe("Basic-auth user name SMSGate clients send (SMSGate's own default is `sms`)"),
    password: secret(
      text().pipe(
        z
          .string()
          .min(8, "at least 8 characters: it guards the modem")
          .regex(/^[^\s]+$/, "no white space"),
      ),
    ).describe("Basic-auth password SMSGate clients send; redacted from logs"),
  })
  .optional()
  .describe(
    "SMSGate-compatible API at / and /3rdparty/v1 (docs/http-api.md, SMSGate compatibility); absent: off",
  );

export type SmsgateConfig = NonNullable<z.output<typeof smsgateSchema>>;
