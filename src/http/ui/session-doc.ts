import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";

/** The OpenAPI descriptions of the web UI's login routes (session-routes.ts). */

export const passwordBody = z.strictObject({
  password: z
    .string({ error: "expected the admin password (a string)" })
    .describe("The admin password"),
});

const sessionState = z.object({
  passwordSet: z.boolean().describe("false until the first visit sets the admin password"),
  authenticated: z.boolean().describe("The request's session cookie is a live login"),
  csrf: z
    .string()
    .optional()
    .describe("The session's CSRF token: send it as X-CSRF-Token on every state change"),
  minPasswordLength: z.number().int(),
});

const loggedIn = z.object({ csrf: z.string().describe("Send as X-CSRF-Token on state changes") });
const cookieHeader = {
  "Set-Cookie": "smsgw_session=…; Path=/; HttpOnly; SameSite=Strict (and Secure over TLS)",
};

export const sessionStateDoc: RouteDoc = {
  summary: "The web UI's login state",
  description:
    "Whether an admin password is set and whether the session cookie is a login; no token needed.",
  tag: "ui",
  responses: { 200: { description: "The state", schema: sessionState } },
};

export const setupDoc: RouteDoc = {
  summary: "Set the first admin password (first visit only) and log in",
  description: "Refused (409) once a password is set: there is no default password.",
  tag: "ui",
  body: passwordBody,
  responses: {
    201: { description: "Set; logged in", schema: loggedIn, headers: cookieHeader },
    400: { description: "Too short or too long (`http.password-invalid`)", schema: problemSchema },
    409: { description: "A password is set already", schema: problemSchema },
  },
};

export const loginDoc: RouteDoc = {
  summary: "Log in to the web UI with the admin password",
  description: "Failed logins count toward http.authFailures like bad tokens: past the limit, 429.",
  tag: "ui",
  body: passwordBody,
  responses: {
    200: { description: "Logged in", schema: loggedIn, headers: cookieHeader },
    401: { description: "Wrong password (`http.wrong-password`)", schema: problemSchema },
    409: { description: "No password set yet (`http.password-not-set`)", schema: problemSchema },
    429: {
      description: "Too many failed logins from this address",
      schema: problemSchema,
      headers: { "Retry-After": "Seconds to wait" },
    },
  },
};

export const logoutDoc: RouteDoc = {
  summary: "Log out of the web UI",
  tag: "ui",
  responses: {
    200: { description: "The session ended", schema: z.object({ ended: z.boolean() }) },
  },
};

export const changePasswordDoc: RouteDoc = {
  summary: "Change the admin password (every other web UI session ends)",
  tag: "ui",
  body: z.strictObject({ current: z.string(), password: z.string() }),
  responses: {
    200: { description: "Changed; this browser stays logged in", schema: loggedIn },
    401: { description: "The current password is wrong", schema: problemSchema },
  },
};
