import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { createLogger } from "../log.js";
import type { WebhookEngine } from "../webhooks/engine.js";
import type { WebhookRegistry } from "../webhooks/registry.js";
import { buildHttpApp, type HttpDoorDeps } from "./app.js";
import type { KannelDlr } from "./kannel/dlr-callbacks.js";
import { type KannelListener, listenKannel } from "./kannel/listener.js";

const log = createLogger("http");

export interface HttpDoor {
  readonly app: FastifyInstance;
  /** The port it listens on (the real one when `http.port` is 0). */
  readonly port: number;
  /** `http://127.0.0.1:8080` or `https://…`. */
  readonly url: string;
  /** Kannel's dlr-url callbacks, when Kannel users are configured. */
  readonly kannelDlr: KannelDlr | undefined;
  /** The second listener serving only /cgi-bin/sendsms, when `http.kannel.listen` is set. */
  readonly kannel: KannelListener | undefined;
  close(): Promise<void>;
}

/**
 * Builds the HTTP API and listens on `http.listen`:`http.port`; HTTPS with `deps.https`
 * (`readTlsFiles`), else plain HTTP.
 */
export async function startHttpDoor(given: HttpDoorDeps): Promise<HttpDoor> {
  const https = given.https;
  let deps = given;
  // Kannel users may ask for dlr-url callbacks: the watches are kept in the store directory,
  // the callbacks go through the gateway's webhook engine (a door on its own opens one).
  let ownEngine: WebhookEngine | undefined;
  if (
    deps.kannelDlr === undefined &&
    deps.storeDir !== undefined &&
    deps.config.kannel.users.length > 0
  ) {
    const { KannelDlr } = await import("./kannel/dlr-callbacks.js");
    let engine = deps.webhooks?.engine;
    if (engine === undefined) {
      const { NO_WEBHOOKS, WebhookEngine } = await import("../webhooks/engine.js");
      ownEngine = await WebhookEngine.open(deps.storeDir, { registry: NO_WEBHOOKS });
      ownEngine.start();
      engine = ownEngine;
    }
    deps = { ...deps, kannelDlr: await KannelDlr.open(deps.storeDir, deps.service, engine) };
  }
  const dlr = deps.kannelDlr === given.kannelDlr ? undefined : deps.kannelDlr;
  // SMSGate's webhook registrations are webhooks of the gateway's registry; without one (a
  // door started on its own) the door opens the registry in the store directory itself.
  let ownRegistry: WebhookRegistry | undefined;
  if (deps.smsgateWebhooks === undefined && deps.config.smsgate) {
    const { SmsgateWebhooks } = await import("./smsgate/webhooks.js");
    const w = deps.webhooks;
    if (w !== undefined)
      deps = {
        ...deps,
        smsgateWebhooks: new SmsgateWebhooks(w.registry, (id) => w.engine.dropTarget(id)),
      };
    else if (deps.storeDir !== undefined) {
      const { WebhookRegistry } = await import("../webhooks/registry.js");
      ownRegistry = await WebhookRegistry.open(deps.storeDir, []);
      deps = { ...deps, smsgateWebhooks: new SmsgateWebhooks(ownRegistry) };
    }
  }
  const hooks = ownRegistry;
  const app = buildHttpApp(deps);
  let kannel: KannelListener | undefined;
  try {
    await app.listen({ host: deps.config.listen, port: deps.config.port });
    kannel = await listenKannel(app, deps.config, https);
  } catch (err) {
    await app.close().catch(() => {});
    await dlr?.close();
    await ownEngine?.close();
    await hooks?.close();
    throw err;
  }
  dlr?.start();
  const port = (app.server.address() as AddressInfo).port;
  const host = deps.config.listen.includes(":") ? `[${deps.config.listen}]` : deps.config.listen;
  const url = `${https === undefined ? "http" : "https"}://${host}:${port}`;
  log.info({ url }, "HTTP API listening");
  return {
    app,
    port,
    url,
    kannelDlr: deps.kannelDlr,
    kannel,
    async close() {
      await kannel?.close();
      await app.close();
      await dlr?.close();
      await ownEngine?.close();
      await hooks?.close();
    },
  };
}
