import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { errorMessage, SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { sendProblem } from "../app.js";
import type { RouteDoc } from "../openapi/route-doc.js";
import { inlineScriptHashes, loadStaticFiles, type StaticFile, UI_DIR } from "./static-files.js";

const log = createLogger("http");

const pageDoc: RouteDoc = {
  summary: "The web UI (HTML page; it logs in with the admin password)",
  tag: "ui",
  responses: { 200: { description: "The page", mediaType: "text/html" } },
};

const rootDoc: RouteDoc = {
  summary: "Leads a browser to the web UI (302 to /ui/)",
  tag: "ui",
  responses: { 302: { description: "Location: /ui/" } },
};

const fileDoc: RouteDoc = {
  summary: "A file of the web UI (script, style sheet, image)",
  tag: "ui",
  params: z.object({ file: z.string().describe("The file's name, e.g. app.js") }),
  responses: {
    200: { description: "The file", mediaType: "application/octet-stream" },
    404: { description: "No such file" },
  },
};

/** Headers that keep the page from being framed, sniffed or leaking its URL. */
function securityHeaders(reply: FastifyReply, csp: string): void {
  void reply
    .header("content-security-policy", csp)
    .header("x-content-type-options", "nosniff")
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer");
}

function serve(request: FastifyRequest, reply: FastifyReply, f: StaticFile, csp: string) {
  securityHeaders(reply, csp);
  // Revalidated every time (cheap: a 304), so an update is seen at the next load.
  void reply
    .header("cache-control", "no-cache")
    .header("etag", f.etag)
    .header("vary", "accept-encoding");
  if (request.headers["if-none-match"] === f.etag) return reply.code(304).send();
  void reply.header("content-type", f.type);
  if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? "")))
    return reply.code(200).header("content-encoding", "gzip").send(f.gzip);
  return reply.code(200).send(f.body);
}

/**
 * The web UI's page at `/ui/` (and `/` leading there) and its files at `/ui/<name>`, without a token: the page holds no
 * data; everything it shows comes from /api/v1 after login. Scripts only from this server
 * (and the page's one inline import map, allowed by its hash).
 */
export function registerStaticRoutes(
  app: FastifyInstance,
  options: { smsgateAtRoot: boolean },
): void {
  let files: Map<string, StaticFile>;
  try {
    files = loadStaticFiles();
  } catch (err) {
    // A broken install loses the UI, not the API programs rely on.
    log.error({ err: errorMessage(err) }, "web UI files missing: the UI is off, the API serves on");
    return;
  }
  const index = files.get("index.html");
  if (index === undefined) {
    log.error({ dir: UI_DIR }, "web UI's index.html missing: the UI is off, the API serves on");
    return;
  }
  const hashes = inlineScriptHashes(index.body.toString("utf8")).join(" ");
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${hashes}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  app.get("/ui/", { config: { auth: "public", doc: pageDoc } }, async (request, reply) =>
    serve(request, reply, index, csp),
  );
  // SMSGate's compatibility API answers at / when it is on; otherwise / leads to the UI.
  if (!options.smsgateAtRoot)
    app.get("/", { config: { auth: "public", doc: rootDoc } }, async (_request, reply) =>
      reply.code(302).header("location", "/ui/").send(),
    );
  app.get<{ Params: { file: string } }>(
    "/ui/:file",
    { config: { auth: "public", doc: fileDoc } },
    async (request, reply) => {
      const f = files.get(request.params.file);
      if (f === undefined)
        return sendProblem(
          reply,
          new SmsgwError("http.not-found", `no web UI file "${request.params.file}"`),
        );
      return serve(request, reply, f, csp);
    },
  );
}
