import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { sendProblem } from "../app.js";
import type { AuthFailures } from "../auth-failures.js";
import type { AdminPassword } from "./admin-password.js";
import { MIN_PASSWORD_LENGTH } from "./admin-password.js";
import { SESSION_COOKIE, sessionCookieHeader, sessionCookieOf } from "./cookie.js";
import {
  changePasswordDoc,
  loginDoc,
  logoutDoc,
  passwordBody,
  sessionStateDoc,
  setupDoc,
} from "./session-doc.js";
import type { Sessions } from "./sessions.js";

const log = createLogger("http");

export const SESSION_PATH = "/api/v1/session";

export interface UiAuth {
  password: AdminPassword;
  sessions: Sessions;
  /** Set the cookie's Secure flag: the listener speaks TLS. */
  secure: boolean;
}

function bodyOf<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw invalidRequest(r.error.issues);
  return r.data;
}

/**
 * The web UI's login: set the first admin password, log in and out, change the password.
 * A login is a session cookie; the API routes accept it like an admin token (app.ts), with
 * the session's CSRF token required on every state change.
 */
export function registerSessionRoutes(
  app: FastifyInstance,
  ui: UiAuth,
  failures: AuthFailures,
): void {
  const startSession = (reply: FastifyReply) => {
    const { id, session } = ui.sessions.create();
    void reply.header("set-cookie", sessionCookieHeader(id, ui.secure));
    void reply.header("cache-control", "no-store");
    return { csrf: session.csrf };
  };

  app.get(
    SESSION_PATH,
    { config: { auth: "public", doc: sessionStateDoc } },
    async (request, reply) => {
      try {
        const id = sessionCookieOf(request.headers.cookie);
        const session = id === undefined ? undefined : ui.sessions.touch(id);
        return reply
          .code(200)
          .header("cache-control", "no-store")
          .send({
            passwordSet: await ui.password.isSet(),
            authenticated: session !== undefined,
            ...(session === undefined ? {} : { csrf: session.csrf }),
            minPasswordLength: MIN_PASSWORD_LENGTH,
          });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post(
    `${SESSION_PATH}/setup`,
    { config: { auth: "public", doc: setupDoc } },
    async (request, reply) => {
      try {
        const { password } = bodyOf(passwordBody, request.body);
        await ui.password.setFirst(password);
        log.info({ address: request.ip }, "web UI admin password set (first visit)");
        return reply.code(201).send(startSession(reply));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post(SESSION_PATH, { config: { auth: "public", doc: loginDoc } }, async (request, reply) => {
    try {
      const wait = failures.retryAfterSeconds(request.ip);
      if (wait > 0)
        throw new SmsgwError(
          "http.too-many-failures",
          `too many failed logins from this address; try again in ${wait} s`,
          { details: { retryAfterSeconds: wait } },
        );
      const { password } = bodyOf(passwordBody, request.body);
      if (!(await ui.password.isSet()))
        throw new SmsgwError("http.password-not-set", "no admin password yet: set one first");
      if (!(await ui.password.verify(password))) {
        failures.failed(request.ip);
        log.warn({ address: request.ip }, "web UI login failed");
        throw new SmsgwError("http.wrong-password", "wrong password");
      }
      return reply.code(200).send(startSession(reply));
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.delete(SESSION_PATH, { config: { doc: logoutDoc } }, async (request, reply) => {
    const id = sessionCookieOf(request.headers.cookie);
    if (id !== undefined) ui.sessions.end(id);
    return reply
      .code(200)
      .header("set-cookie", sessionCookieHeader("", ui.secure))
      .send({ ended: id !== undefined });
  });

  const change = z.strictObject({ current: z.string(), password: z.string() });
  app.put(
    `${SESSION_PATH}/password`,
    { config: { scope: "admin", doc: changePasswordDoc } },
    async (request: FastifyRequest, reply) => {
      try {
        const { current, password } = bodyOf(change, request.body);
        if (!(await ui.password.verify(current))) {
          failures.failed(request.ip);
          throw new SmsgwError("http.wrong-password", "the current password is wrong");
        }
        await ui.password.replace(password);
        ui.sessions.endAll();
        log.info({ address: request.ip }, "web UI admin password changed");
        return reply.code(200).send(startSession(reply));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}

export { SESSION_COOKIE };
