import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { CommandOutcomeName } from "../command-outcomes.js";
import type { Config, HttpConfig } from "../config/schema.js";
import { SmsgwError } from "../errors.js";
import type { HealthDocument } from "../health/index.js";
import { createLogger } from "../log.js";
import type { TraceLine } from "../modem/at/index.js";
import type { RequestContext } from "../mqtt/handlers/index.js";
import type { BalancePort, ModemView, SmsPort, UssdPort } from "../mqtt/ports.js";
import type { WebhookEngine } from "../webhooks/engine.js";
import type { WebhookRegistry } from "../webhooks/registry.js";
import { AuthFailures } from "./auth-failures.js";
import { BatchStore } from "./batches/batch-store.js";
import type { KannelDlr } from "./kannel/dlr-callbacks.js";
import { KANNEL } from "./kannel/replies.js";
import { registerKannelRoutes } from "./kannel/route.js";
import { recordRoutes, registerOpenApiRoute } from "./openapi/route.js";
import type { RouteDoc } from "./openapi/route-doc.js";
import { problemOf } from "./problem.js";
import { registerAutomationRoutes } from "./routes/automation.js";
import { registerBalanceSettingsRoute } from "./routes/balance-settings.js";
import { registerBatchRoutes } from "./routes/batches.js";
import { registerCommandAuditRoute } from "./routes/command-audit.js";
import { registerConfigSetupRoutes } from "./routes/config-setup.js";
import { registerDiagnosticsRoutes } from "./routes/diagnostics.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerIntegrationRoutes } from "./routes/integrations.js";
import { registerListingRoutes } from "./routes/listing.js";
import { registerMessageRoutes } from "./routes/messages.js";
import { registerMetricsRoute } from "./routes/metrics.js";
import { registerModemRoutes } from "./routes/modem.js";
import { atTraceDoc } from "./routes/observability-doc.js";
import { registerOptOutRoutes } from "./routes/opt-outs.js";
import { registerSimRoutes } from "./routes/sim.js";
import { registerSystemRoutes } from "./routes/system.js";
import { registerTokenRoutes } from "./routes/tokens.js";
import { registerUssdRoutes } from "./routes/ussd.js";
import { registerWebhookRoutes } from "./routes/webhooks.js";
import { checkSmsgateAuth } from "./smsgate/auth.js";
import { registerSmsgateRoutes } from "./smsgate/route.js";
import type { SmsgateWebhooks } from "./smsgate/webhooks.js";
import type { SystemDeps } from "./system/deps.js";
import type { Scope, TokenInfo, TokenStore } from "./tokens.js";
import { AdminPassword } from "./ui/admin-password.js";
import { sessionCookieOf } from "./ui/cookie.js";
import { registerSessionRoutes, type UiAuth } from "./ui/session-routes.js";
import { csrfMatches, Sessions } from "./ui/sessions.js";
import { registerStaticRoutes } from "./ui/static-routes.js";

/** What the webhook routes use: the registry and the engine delivering to it. */
export interface WebhooksDeps {
  registry: WebhookRegistry;
  engine: WebhookEngine;
}

const log = createLogger("http");

/** What the HTTP door is given: the gateway's parts, as the MQTT bridge gets them. */
export interface HttpDoorDeps {
  service: SmsPort;
  modem: ModemView;
  tokens: TokenStore;
  config: HttpConfig;
  /** sms.maxParts, for the preview. */
  maxParts: number;
  /** sms.deliveryReports: asked for when a request does not say. */
  deliveryReports: boolean;
  startedAt: Date;
  mqtt: () => "connected" | "disconnected";
  clock?: () => "synchronised" | "unsynchronised" | "unknown";
  /** The certificate and key (PEM) when `http.tls` is set. */
  https?: { cert: Buffer; key: Buffer };
  /** Clock for the authentication failure windows (tests). */
  now?: () => number;
  /**
   * Masks a one-time code or PIN in front of a command keyword (`****** RELAY pump ON`) in
   * received texts shown by the inbox; absent: texts as received.
   */
  maskCodes?: (text: string) => string;
  /** The store directory: the Kannel door keeps its dlr-url callbacks there. */
  storeDir?: string;
  /** Kannel's dlr-url callbacks (opened by startHttpDoor when `http.kannel.users` is set). */
  kannelDlr?: KannelDlr;
  /** SMSGate's webhook registrations (made by startHttpDoor when `http.smsgate` is set). */
  smsgateWebhooks?: SmsgateWebhooks;
  /** The gateway's webhooks (`/api/v1/webhooks`); absent: those routes answer 501. */
  webhooks?: WebhooksDeps;
  /**
   * Recipient names → numbers for batches (contacts, groups, numbers as written); throws for
   * a name that is none of them. Absent: batches take numbers only.
   */
  recipients?: (names: readonly string[]) => string[];
  /** Prometheus metrics when `metrics.enabled`: served at GET /metrics, told of each request. */
  metrics?: HttpMetrics;
  /** The gateway's health, served at GET /api/v1/health and /healthz. */
  health?: { current(): Promise<HealthDocument> };
  /** The last AT lines (secrets masked), served to admins at GET /api/v1/diagnostics/at-trace. */
  atTrace?: () => TraceLine[];
  /** USSD through the modem, when `ussd.enabled`: absent, the USSD route answers 501. */
  ussd?: UssdPort;
  /** The SIM's credit check, when `balance` is configured. */
  balance?: BalancePort;
  /** The `balance` section as configured (read-only, for admins). */
  balanceSettings?: NonNullable<Config["balance"]>;
  /** The automation config with its secrets masked, and the contacts: read-only, for admins. */
  automation?: { automation: Config["automation"]; contacts: Config["contacts"] };
  /** The admin's doctor, AT console, backup and restarts; absent: those routes are not served. */
  system?: SystemDeps;
  /** The config file the gateway started from: the setup wizard edits it. Absent: none (409). */
  configFile?: string;
  /** Hands the SIM a PIN typed by an admin (the modem enters it once). Absent: no such route. */
  enterPin?: (pin: string) => void;
  /** The last remote-command attempts, when automation is configured (kept by the gateway). */
  commandLog?: CommandLogView;
}

/** One remote-command attempt as audited (never with its code or PIN). */
export interface CommandAttempt {
  sender: string;
  command: string;
  name?: string;
  outcome: CommandOutcomeName;
  lockedUntil?: string;
  scope?: "user" | "route";
  via?: "call";
  messageId?: string;
  at: string;
}

/** What the HTTP door reads of the command log: the attempts, and which SMS were commands. */
export interface CommandLogView {
  /** Newest first. */
  list(q: { limit: number; outcome?: CommandOutcomeName }): CommandAttempt[];
  outcomeOf(messageId: string): CommandOutcomeName | undefined;
}

/** What the HTTP door needs of the metrics (it does not load them itself). */
export interface HttpMetrics {
  render(): Promise<{ contentType: string; body: string }>;
  /** `route` is the matched route's template (`/api/v1/messages/:id`), never the URL. */
  httpRequest(route: string | undefined, method: string, status: number): void;
  authFailure(door: "http"): void;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a token needs for the route (`admin` has every scope). */
    scope?: Scope;
    /**
     * `kannel`: the route checks Kannel's username and password itself (no bearer token).
     * `smsgate`: HTTP Basic with `http.smsgate`'s user. `public`: no authentication.
     */
    auth?: "kannel" | "smsgate" | "public";
    /** The route's description in the OpenAPI document (GET /api/v1/openapi.json). */
    doc?: RouteDoc;
  }
  interface FastifyRequest {
    token?: TokenInfo;
  }
}

/** The request context of the shared request handlers, for one authenticated HTTP request. */
export function contextFor(deps: HttpDoorDeps, token: TokenInfo | undefined): RequestContext {
  return {
    service: deps.service,
    modem: deps.modem,
    startedAt: deps.startedAt,
    origin: "http",
    admin: token?.scopes.includes("admin") === true,
    deliveryReports: deps.deliveryReports,
    mqtt: deps.mqtt,
    ...(deps.ussd === undefined ? {} : { ussd: deps.ussd }),
    ...(deps.balance === undefined ? {} : { balance: deps.balance }),
  };
}

export function sendProblem(reply: FastifyReply, err: unknown): FastifyReply {
  const p = problemOf(err);
  if (p.httpStatus >= 500 && p.body.code !== "http.store-unavailable")
    log.error({ err: err instanceof Error ? err.message : String(err) }, "request failed");
  if (p.retryAfter !== undefined) void reply.header("retry-after", String(p.retryAfter));
  return reply.code(p.httpStatus).send(p.body);
}

/** Fastify's own refusals (body parsing, size) → our codes. */
export function frameworkProblem(thrown: unknown): unknown {
  const err = thrown as { code?: string; statusCode?: number; message?: string };
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new SmsgwError("http.payload-too-large", "the request body is too large", {
        details: { fields: [{ field: "", message: "the request body is too large" }] },
      });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new SmsgwError(
        "http.unsupported-media-type",
        "send the body as JSON with Content-Type: application/json",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new SmsgwError("http.invalid-json", "the body is empty: expected a JSON object");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new SmsgwError("http.invalid-json", "the Content-Length does not match the body");
  }
  if (err.statusCode === 400)
    return new SmsgwError("http.invalid-json", `the body is not JSON (${err.message})`);
  if (err.statusCode === 413)
    return new SmsgwError("http.payload-too-large", "the request body is too large");
  return thrown;
}

const BEARER = /^Bearer ([\x21-\x7E]+)$/;

/** What a web UI login may do: everything an admin token may. */
const UI_SESSION: TokenInfo = {
  id: "web-ui",
  name: "web UI login",
  scopes: ["admin"],
  createdAt: new Date(0).toISOString(),
};

/** Methods that change nothing: no CSRF token needed with a session cookie. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The web UI's login parts, when `http.ui.enabled` and there is a store for the password. */
function uiAuthOf(deps: HttpDoorDeps): UiAuth | undefined {
  if (!deps.config.ui.enabled || deps.storeDir === undefined) return undefined;
  return {
    password: new AdminPassword(deps.storeDir),
    sessions: new Sessions({
      idleMs: deps.config.ui.sessionMinutes * 60_000,
      ...(deps.now === undefined ? {} : { now: deps.now }),
    }),
    secure: deps.https !== undefined,
  };
}

/** Longest path segment: a 200-character message id, every character percent-encoded. */
const MAX_PARAM_LENGTH = 600;

/**
 * The HTTP API as a Fastify app, not listening (`inject()` in tests, `listen` in server.ts).
 * Every route needs a token (`Authorization: Bearer`), checked before the body is read, so an
 * unauthenticated client cannot make the gateway read a body.
 */
export function buildHttpApp(deps: HttpDoorDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.config.maxBodyBytes,
    // The client address of the failure limit is the socket's: a header could be forged.
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot read (bad percent-encoding, an overlong segment): our problem body.
    frameworkErrors: (err, _request, reply) =>
      sendProblem(
        reply,
        new SmsgwError(
          "http.bad-url",
          err.code === "FST_ERR_MAX_PARAM_LENGTH"
            ? `a path segment is longer than ${MAX_PARAM_LENGTH} characters`
            : "the URL has a malformed percent-encoding",
        ),
      ),
    ...(deps.https === undefined ? {} : { https: deps.https }),
  });
  const failures = new AuthFailures({
    max: deps.config.authFailures.max,
    windowMs: deps.config.authFailures.windowSeconds * 1000,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.metrics === undefined ? {} : { onFailure: () => deps.metrics?.authFailure("http") }),
  });
  const ui = uiAuthOf(deps);

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.config.auth === "public") return undefined;
    const address = request.ip;
    const wait = failures.retryAfterSeconds(address);
    if (request.routeOptions.config.auth === "smsgate")
      return checkSmsgateAuth(request, reply, { creds: deps.config.smsgate, failures, wait });
    const kannel = request.routeOptions.config.auth === "kannel";
    if (wait > 0 && kannel)
      return reply
        .code(KANNEL.temporal.status)
        .header("retry-after", String(wait))
        .header("content-type", "text/html")
        .send(KANNEL.temporal.body);
    if (kannel) return undefined;
    if (wait > 0)
      return sendProblem(
        reply,
        new SmsgwError(
          "http.too-many-failures",
          `too many failed authentications from this address; try again in ${wait} s`,
          { details: { retryAfterSeconds: wait } },
        ),
      );
    const header = request.headers.authorization;
    // The web UI's session cookie stands for an admin token; a bearer token, when sent, wins.
    const sessionId = header === undefined ? sessionCookieOf(request.headers.cookie) : undefined;
    if (ui !== undefined && sessionId !== undefined) {
      const session = ui.sessions.touch(sessionId);
      if (session === undefined)
        return sendProblem(
          reply,
          new SmsgwError("http.session-expired", "the web UI session has ended; log in again"),
        );
      // A cookie is sent by the browser whoever made the request: a change must also carry
      // the token only the UI's own page could read.
      if (
        !SAFE_METHODS.has(request.method) &&
        !csrfMatches(session, request.headers["x-csrf-token"])
      )
        return sendProblem(
          reply,
          new SmsgwError(
            "http.csrf",
            "a change with the session cookie needs the session's X-CSRF-Token header",
          ),
        );
      request.token = UI_SESSION;
      return undefined;
    }
    const m = header === undefined ? null : BEARER.exec(header);
    const token = m?.[1] === undefined ? undefined : await deps.tokens.verify(m[1]);
    if (token === undefined) {
      failures.failed(address);
      // Never the header itself: it may hold a real token sent to the wrong place.
      log.warn({ address, url: request.routeOptions.url ?? "(unknown)" }, "authentication failed");
      void reply.header("www-authenticate", 'Bearer realm="smsgw"');
      return sendProblem(
        reply,
        new SmsgwError(
          "http.unauthorized",
          header === undefined
            ? "no API token: send Authorization: Bearer <token> (make one with `smsgw token create`)"
            : "the API token is not valid (unknown, revoked or malformed)",
        ),
      );
    }
    const scope = request.routeOptions.config.scope;
    if (scope !== undefined && !token.scopes.includes(scope) && !token.scopes.includes("admin"))
      return sendProblem(
        reply,
        new SmsgwError(
          "http.forbidden",
          `the token "${token.name}" lacks the scope ${scope} this route needs`,
        ),
      );
    request.token = token;
    return undefined;
  });

  // JSON only: a text/plain body would reach a route as a string (415, not a confusing 400).
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler((err, _request, reply) => sendProblem(reply, frameworkProblem(err)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new SmsgwError("http.not-found", `no route ${request.method} ${request.url.split("?")[0]}`),
    ),
  );

  recordRoutes(app);
  registerOpenApiRoute(app);
  const metrics = deps.metrics;
  if (metrics !== undefined) {
    // A callback hook: an async one costs a promise per request for a counter's increment.
    app.addHook("onResponse", (request, reply, done) => {
      metrics.httpRequest(request.routeOptions.url, request.method, reply.statusCode);
      done();
    });
    registerMetricsRoute(app, metrics);
  }
  if (deps.health !== undefined) registerHealthRoutes(app, deps.health);
  const atTrace = deps.atTrace;
  if (atTrace !== undefined)
    // PDUs in the trace hold numbers and texts: admins only.
    app.get(
      "/api/v1/diagnostics/at-trace",
      { config: { scope: "admin", doc: atTraceDoc } },
      async (_r, reply) => reply.code(200).send({ lines: atTrace() }),
    );
  registerMessageRoutes(app, deps);
  registerModemRoutes(app, deps);
  registerListingRoutes(app, deps);
  registerKannelRoutes(app, deps, failures);
  registerSmsgateRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerOptOutRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerUssdRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerAutomationRoutes(app, deps);
  registerIntegrationRoutes(app, deps);
  registerCommandAuditRoute(app, deps);
  registerBalanceSettingsRoute(app, deps);
  registerConfigSetupRoutes(app, deps);
  registerSimRoutes(app, deps);
  registerDiagnosticsRoutes(app, deps);
  registerSystemRoutes(app, deps);
  if (ui !== undefined) {
    registerSessionRoutes(app, ui, failures);
    registerStaticRoutes(app, { smsgateAtRoot: deps.config.smsgate !== undefined });
  }
  // Batches are kept in the store directory; without one (a bare app in a test) there are none.
  if (deps.storeDir !== undefined) registerBatchRoutes(app, deps, new BatchStore(deps.storeDir));
  return app;
}
