import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SmsgateConfig } from "../../config/sections/http-smsgate.js";
import { SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import type { AuthFailures } from "../auth-failures.js";
import { sendSmsgateError } from "./reply.js";

const log = createLogger("http:smsgate");

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Whether the `Authorization: Basic` header names the configured user; constant time. */
export function basicMatches(header: string | undefined, creds: SmsgateConfig): boolean {
  const m = header === undefined ? null : BASIC.exec(header);
  if (m?.[1] === undefined) return false;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared, always: the time taken tells nothing of which one was wrong.
  const user = timingSafeEqual(digest(decoded.slice(0, colon)), digest(creds.username));
  const pass = timingSafeEqual(digest(decoded.slice(colon + 1)), digest(creds.password));
  return user && pass;
}

/**
 * The SMSGate routes' authentication: HTTP Basic with `http.smsgate`'s user. A failure counts
 * towards the same per-address limit as a bad token or Kannel password; past it the address
 * gets 429 until the window ends. The header is never logged (it is the password).
 */
export function checkSmsgateAuth(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { creds: SmsgateConfig | undefined; failures: AuthFailures; wait: number },
): FastifyReply | undefined {
  if (opts.wait > 0)
    return sendSmsgateError(
      reply,
      new SmsgwError(
        "http.too-many-failures",
        `too many failed authentications from this address; try again in ${opts.wait} s`,
        { details: { retryAfterSeconds: opts.wait } },
      ),
    );
  const header = request.headers.authorization;
  if (opts.creds !== undefined && basicMatches(header, opts.creds)) return undefined;
  opts.failures.failed(request.ip);
  log.warn(
    { address: request.ip, url: request.routeOptions.url ?? "(unknown)" },
    "SMSGate authentication failed",
  );
  void reply.header("www-authenticate", 'Basic realm="smsgw", charset="UTF-8"');
  return sendSmsgateError(
    reply,
    new SmsgwError(
      "http.unauthorized",
      header === undefined
        ? "no credentials: send HTTP Basic auth with http.smsgate's username and password"
        : "the username or password is wrong",
    ),
  );
}
