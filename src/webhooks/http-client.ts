import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";

/** An attempt's answer: the HTTP status, or the reason there was none. */
export type CallOutcome = { status: number } | { error: string };

export interface CallOptions {
  timeoutMs: number;
  /** PEM file of a private CA the receiver's certificate is checked against. */
  caFile?: string;
}

/** Sends one request and answers its status; never throws. */
export type HttpCaller = (
  req: import("./types.js").OutgoingRequest,
  opts: CallOptions,
) => Promise<CallOutcome>;

/** Most of a response body read: receivers' answers are not used, only their status. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Calls with Node's own http/https (no extra dependency), keeping connections open between
 * calls to one receiver (a burst of events costs one TLS handshake, not one each). The time
 * limit covers the whole exchange, from connecting to the end of the answer, and is a plain
 * timer so tests drive it with fake timers.
 */
export function createHttpCaller(): { call: HttpCaller; close: () => void } {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgents = new Map<string, https.Agent>();
  const httpsAgent = (caFile: string | undefined): https.Agent => {
    const key = caFile ?? "";
    let agent = httpsAgents.get(key);
    if (agent === undefined) {
      // Read once per file: a CA changes with a restart, as the config does.
      const ca = caFile === undefined ? undefined : readFileSync(caFile);
      agent = new https.Agent({ keepAlive: true, maxSockets: 16, ...(ca ? { ca } : {}) });
      httpsAgents.set(key, agent);
    }
    return agent;
  };

  const call: HttpCaller = (req, opts) =>
    new Promise<CallOutcome>((resolve) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        resolve({ error: "invalid URL" });
        return;
      }
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (o: CallOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(o);
      };
      let request: http.ClientRequest;
      try {
        const secure = url.protocol === "https:";
        const body = req.body === undefined ? undefined : Buffer.from(req.body);
        const headers: Record<string, string | number> = { ...req.headers };
        if (body !== undefined) headers["content-length"] = body.length;
        request = (secure ? https : http).request(url, {
          method: req.method,
          headers,
          agent: secure ? httpsAgent(opts.caFile) : httpAgent,
        });
        request.on("response", (res) => {
          let seen = 0;
          res.on("data", (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on("end", () => finish({ status: res.statusCode ?? 0 }));
          res.on("close", () => finish({ status: res.statusCode ?? 0 }));
          res.on("error", () => finish({ status: res.statusCode ?? 0 }));
        });
        request.on("error", (err: NodeJS.ErrnoException) =>
          finish({ error: err.code ?? err.message }),
        );
        request.end(body);
      } catch (err) {
        finish({ error: err instanceof Error ? err.message : String(err) });
        return;
      }
      timer = setTimeout(() => {
        finish({ error: "timeout" });
        request.destroy();
      }, opts.timeoutMs);
    });

  return {
    call,
    close: () => {
      httpAgent.destroy();
      for (const a of httpsAgents.values()) a.destroy();
    },
  };
}
