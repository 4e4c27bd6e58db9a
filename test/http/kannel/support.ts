import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { type ConfigInput, parseConfig } from "../../../src/config/index.js";
import { SmsgwError } from "../../../src/errors.js";
import { buildHttpApp } from "../../../src/http/app.js";
import type { KannelDlr } from "../../../src/http/kannel/dlr-callbacks.js";
import { TokenStore } from "../../../src/http/tokens.js";
import type { OutboundMessage, SendRequest } from "../../../src/sms/types.js";

/** Kannel users of the tests (passwords made up for them). */
export const USERS = [
  { username: "playsms", password: "kannel-pass-1" },
  {
    username: "shop",
    password: "shop-pass-22",
    allowedPrefixes: ["+4917"],
    defaultSender: "Shop",
    maxMessages: 1,
  },
];

/**
 * The HTTP app with Kannel users over a stand-in SMS service that records each send request
 * and answers as the service would (one queued message per number), or throws `fail`.
 */
export async function kannelApp(opts: { config?: ConfigInput; dlr?: KannelDlr } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "kannel-app-"));
  const { config } = await parseConfig(
    { ...opts.config, http: { enabled: true, kannel: { users: USERS }, ...opts.config?.http } },
    { env: {} },
  );
  const sends: SendRequest[] = [];
  const modem = { state: "ready" };
  const state: { fail?: SmsgwError | Error } = {};
  const service = {
    async send(req: SendRequest): Promise<OutboundMessage[]> {
      if (state.fail !== undefined) throw state.fail;
      sends.push(req);
      const tos = typeof req.to === "string" ? [req.to] : req.to;
      const now = new Date().toISOString();
      return tos.map((to) => ({
        id: tos.length > 1 ? `${req.id}:${to}` : (req.id as string),
        to,
        text: req.text,
        status: "queued",
        parts: 1,
        partsSent: 0,
        encoding: "gsm7",
        priority: req.priority ?? "normal",
        createdAt: now,
        updatedAt: now,
      }));
    },
    get: () => undefined,
    originOf: () => undefined,
  };
  const app: FastifyInstance = buildHttpApp({
    service: service as never,
    modem: modem as never,
    tokens: new TokenStore(dir),
    config: config.http,
    maxParts: config.sms.maxParts,
    deliveryReports: false,
    startedAt: new Date(),
    mqtt: () => "connected",
    ...(opts.dlr === undefined ? {} : { kannelDlr: opts.dlr }),
  });
  return {
    app,
    sends,
    modem,
    state,
    SmsgwError,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A query string as PHP's urlencode / Go's QueryEscape build it (space as `+`). */
export function formEncode(pairs: Array<[string, string | Buffer]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${formValue(v)}`).join("&");
}

function formValue(v: string | Buffer): string {
  const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : v;
  let out = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.-]/.test(c)) out += c;
    else if (b === 0x20) out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
