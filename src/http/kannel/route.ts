import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { KannelUser } from "../../config/sections/http-kannel.js";
import { isSmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { planParts } from "../../sms/pdu/index.js";
import type { SendRequest } from "../../sms/types.js";
import { DLR } from "../../webhooks/dlr-escapes.js";
import type { HttpDoorDeps } from "../app.js";
import type { AuthFailures } from "../auth-failures.js";
import { redactRequestUrl } from "../redact-url.js";
import {
  addKannelHeaders,
  addQueryParams,
  type KannelParams,
  queryOf,
  stringParam,
} from "./params.js";
import { KANNEL, KannelRefusal, type KannelReply } from "./replies.js";
import { sendsmsDoc } from "./route-doc.js";
import { type KannelSend, readSendsms } from "./sendsms.js";

const log = createLogger("http:kannel");

export const SENDSMS_PATH = "/cgi-bin/sendsms";

/** The most parts a concatenated SMS can have (one octet counts them). */
const CODEC_MAX_PARTS = 255;

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** A configured user with the digest of its password, made once, not per request. */
interface KnownUser {
  user: KannelUser;
  digest: Buffer;
}

/** The user whose name and password these are; compared in constant time. */
function authorise(users: readonly KnownUser[], params: KannelParams): KannelUser | undefined {
  const name = stringParam(params, "username", "user");
  const password = stringParam(params, "password", "pass");
  if (name === undefined || password === undefined) return undefined;
  const given = digest(password);
  let found: KannelUser | undefined;
  for (const u of users)
    if (u.user.username === name && timingSafeEqual(u.digest, given)) found = u.user;
  return found;
}

function send(reply: FastifyReply, r: KannelReply): FastifyReply {
  // Kannel answers text/html; the body carries no newline (clients compare it exactly).
  return reply.code(r.status).header("content-type", "text/html").send(r.body);
}

/** `type/subtype` and its charset parameter. */
function contentTypeOf(header: string | undefined): { mime: string; charset?: string } {
  const [mime = "", ...rest] = (header ?? "").split(";");
  const charset = rest
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/^"|"$/g, "");
  return { mime: mime.trim().toLowerCase(), ...(charset === undefined ? {} : { charset }) };
}

/**
 * The parameters of a request: the query string; for a POST also a form body, or Kannel's
 * `X-Kannel-*` headers with the body as the text (text/plain, application/octet-stream).
 */
function paramsOf(request: FastifyRequest): KannelParams {
  const params = addQueryParams(queryOf(request.url));
  if (request.method !== "POST") return params;
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const type = contentTypeOf(request.headers["content-type"]);
  switch (type.mime) {
    case "application/x-www-form-urlencoded":
      return addQueryParams(body.toString("utf8"), params);
    case "text/plain":
    case "application/octet-stream":
      addKannelHeaders(request.headers, params);
      params.set("text", body);
      if (type.charset !== undefined && !params.has("charset"))
        params.set("charset", Buffer.from(type.charset));
      // Kannel's default coding for a binary body is 8-bit data.
      if (type.mime === "application/octet-stream" && !params.has("coding"))
        params.set("coding", Buffer.from("1"));
      return params;
    case "text/html":
    case "text/vnd.wap.wml":
    case "text/xml":
      throw new KannelRefusal(KANNEL.unsupportedContentType);
    default:
      throw new KannelRefusal(KANNEL.invalidContentType);
  }
}

/** A refusal of the SMS service → the Kannel answer closest to it. */
function replyForServiceError(err: unknown): KannelReply {
  if (isSmsgwError(err))
    switch (err.code) {
      case "sms.invalid-number":
      case "sms.destination-denied":
      case "sms.too-many-recipients":
        return KANNEL.denied;
      case "sms.too-many-parts":
      case "pdu.too-many-parts":
        return KANNEL.tooLong;
      case "sms.empty-text":
      case "pdu.unencodable":
        return KANNEL.charset;
      case "sms.queue-full":
      case "store.closed":
      case "store.full":
      case "store.locked":
      case "store.corrupt":
        return KANNEL.temporal;
      default:
        break;
    }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return KANNEL.temporal;
  log.error({ err: err instanceof Error ? err.message : String(err) }, "sendsms failed");
  return KANNEL.failed;
}

function sendRequestOf(s: KannelSend, id: string): SendRequest {
  const req: SendRequest = {
    to: s.numbers.length === 1 ? (s.numbers[0] as string) : s.numbers,
    text: s.text,
    id,
    priority: s.priority,
    encoding: s.encoding,
    origin: "http",
  };
  if (s.flash) req.flash = true;
  if (s.validitySeconds !== undefined) req.validitySeconds = s.validitySeconds;
  if (s.notBefore !== undefined) req.notBefore = s.notBefore;
  // Bits 1 and 2 ask what became of the message at the phone: a status report.
  if (s.dlr !== undefined && (s.dlr.mask & (DLR.delivered | DLR.notDelivered)) !== 0)
    req.deliveryReport = true;
  return req;
}

/**
 * `GET|POST /cgi-bin/sendsms`, Kannel's interface: its parameters, answers and status codes,
 * with users from `http.kannel.users`. Authenticated by the request's own username and
 * password (no bearer token); failures count towards the per-address limit.
 */
export function registerKannelRoutes(
  app: FastifyInstance,
  deps: HttpDoorDeps,
  failures: AuthFailures,
): void {
  const users = deps.config.kannel.users.map((user) => ({ user, digest: digest(user.password) }));
  if (users.length === 0) return;
  void app.register((scope, _opts, done) => {
    // Kannel's POST bodies are text in any charset, or a form: read as bytes, here only.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      // Redacted only for a line that is logged: most requests log nothing.
      const url = () => redactRequestUrl(request.url);
      try {
        const params = paramsOf(request);
        const user = authorise(users, params);
        if (user === undefined) {
          failures.failed(request.ip);
          log.warn({ address: request.ip, url: url() }, "sendsms authentication failed");
          return send(reply, KANNEL.authFailed);
        }
        if (log.isLevelEnabled("debug")) log.debug({ user: user.username, url: url() }, "sendsms");
        const s = readSendsms(params, user, { post: request.method === "POST", now: Date.now() });
        const max = user.maxMessages ?? deps.maxParts;
        let parts: number;
        try {
          parts = planParts(s.text, { encoding: s.encoding, maxParts: CODEC_MAX_PARTS }).parts
            .length;
        } catch (err) {
          return send(reply, replyForServiceError(err));
        }
        if (parts > max) return send(reply, KANNEL.tooLong);
        const id = `kannel-${randomUUID()}`;
        const ids = s.numbers.length === 1 ? [id] : s.numbers.map((n) => `${id}:${n}`);
        if (s.dlr !== undefined) {
          if (deps.kannelDlr === undefined)
            log.warn({ url: url() }, "dlr-url asked for, but this door keeps no callbacks");
          else
            await deps.kannelDlr.watch(id, ids, {
              url: s.dlr.url,
              mask: s.dlr.mask,
              from: s.from,
              smsc: s.smsc,
            });
        }
        try {
          await deps.service.send(sendRequestOf(s, id));
        } catch (err) {
          if (s.dlr !== undefined) await deps.kannelDlr?.unwatch(id);
          return send(reply, replyForServiceError(err));
        }
        // Durable either way; "queued for later" is the truth while the modem is not ready.
        return send(reply, deps.modem.state === "ready" ? KANNEL.accepted : KANNEL.queued);
      } catch (err) {
        if (err instanceof KannelRefusal) return send(reply, err.reply);
        return send(reply, replyForServiceError(err));
      }
    };
    // Fastify's own refusals (a body over http.maxBodyBytes, …) in Kannel's words too.
    scope.setErrorHandler((err: { statusCode?: number }, _request, reply) =>
      send(
        reply,
        err.statusCode === 413
          ? { status: 413, body: KANNEL.tooLong.body }
          : KANNEL.invalidContentType,
      ),
    );
    scope.route({
      method: ["GET", "POST"],
      url: SENDSMS_PATH,
      // A HEAD (a link checker, a prefetch) must not send an SMS.
      exposeHeadRoute: false,
      config: { auth: "kannel", doc: sendsmsDoc },
      handler,
    });
    done();
  });
}
