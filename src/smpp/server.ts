import { createHash, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import type { SmppAccount, SmppConfig } from "../config/sections/smpp.js";
import { SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { SmsPort } from "../mqtt/ports.js";
import { AuthFailures } from "../util/auth-failures.js";
import { DeliveryStore } from "./delivery-store.js";
import { type SessionHost, SmppSession } from "./session.js";
import { STATUS } from "./status.js";
import { Throttle } from "./throttle.js";

const log = createLogger("smpp");

export interface SmppDoorDeps {
  config: SmppConfig;
  service: SmsPort;
  /** The store directory: the durable line of deliveries lives beside the SMS store. */
  storeDir: string;
  /** Told of each failed bind (metrics count them). */
  onBindFailure?: () => void;
  /** Told when a session binds or a bound one closes (bridge/info shows them). */
  onSessionsChange?: () => void;
  /**
   * The line of deliveries, opened and following the SMS service before the service starts
   * (openSmppDeliveries), so no inbound SMS of the start-up is missed; absent: opened here.
   */
  deliveries?: DeliveryStore;
  now?: () => number;
}

/** A bound session as `bridge/info` and the metrics show it (never its password). */
export interface SmppSessionInfo {
  systemId: string;
  address: string;
  state: string;
  unacknowledged: number;
}

export interface SmppDoor {
  readonly port: number;
  /** Bound sessions now. */
  sessions(): SmppSessionInfo[];
  /** Deliveries waiting per account (inbound SMS and receipts not yet acknowledged). */
  waiting(): Record<string, number>;
  readonly deliveries: DeliveryStore;
  close(): Promise<void>;
}

/** Opens the durable line of deliveries and starts following the SMS service's events. */
export async function openSmppDeliveries(
  config: SmppConfig,
  service: SmsPort,
  storeDir: string,
  now: () => number = Date.now,
): Promise<DeliveryStore> {
  const receivers = config.accounts.filter((a) => a.receiveInbound).map((a) => a.systemId);
  const deliveries = await DeliveryStore.open(storeDir, service, receivers, now);
  deliveries.start();
  return deliveries;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

async function readPem(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new SmsgwError(
      "config.invalid",
      `smpp.tls.${key}: cannot read ${path} (${(err as Error).message})`,
    );
  }
}

/**
 * The SMPP server: a TCP (or TLS) listener whose sessions submit through the SMS service as
 * the MQTT and HTTP doors do, and receive inbound SMS and receipts from a durable line per
 * account.
 */
export async function startSmppDoor(deps: SmppDoorDeps): Promise<SmppDoor> {
  const { config, service } = deps;
  const now = deps.now ?? Date.now;
  const tls =
    config.tls === undefined
      ? undefined
      : { cert: await readPem(config.tls.cert, "cert"), key: await readPem(config.tls.key, "key") };
  const deliveries =
    deps.deliveries ?? (await openSmppDeliveries(config, service, deps.storeDir, now));
  const accounts = config.accounts.map((account) => ({
    account,
    digest: digest(account.password),
  }));
  const failures = new AuthFailures({
    max: config.authFailures.max,
    windowMs: config.authFailures.windowSeconds * 1000,
    now,
    ...(deps.onBindFailure === undefined ? {} : { onFailure: deps.onBindFailure }),
  });
  const throttles = new Map<string, Throttle>();
  const sessions = new Set<SmppSession>();

  const host: SessionHost = {
    config,
    service,
    deliveries,
    now,
    authenticate(address, systemId, password) {
      if (failures.retryAfterSeconds(address) > 0) return STATUS.ESME_RBINDFAIL;
      const given = digest(password);
      let found: SmppAccount | undefined;
      // Every account is compared, in constant time: no timing tells which ids exist.
      for (const a of accounts)
        if (timingSafeEqual(a.digest, given) && a.account.systemId === systemId) found = a.account;
      if (found !== undefined) return found;
      failures.failed(address);
      // One answer for a wrong id and a wrong password: nothing tells which ids exist.
      return STATUS.ESME_RBINDFAIL;
    },
    withinThroughput(account) {
      if (account.throughput === undefined) return true;
      let t = throttles.get(account.systemId);
      if (t === undefined) {
        t = new Throttle(account.throughput, now());
        throttles.set(account.systemId, t);
      }
      return t.take(now());
    },
    bound: () => deps.onSessionsChange?.(),
    closed: (s) => {
      sessions.delete(s);
      if (s.account !== undefined) deps.onSessionsChange?.();
      // Deliveries it held go to another session of the account, if one is bound.
      if (s.account !== undefined) pumpAccount(s.account.systemId);
    },
  };

  const pumpAccount = (systemId: string) => {
    for (const s of sessions) if (s.account?.systemId === systemId) s.pump();
  };
  deliveries.on("waiting", pumpAccount);

  const onConnection = (socket: Socket) => {
    if (sessions.size >= config.maxSessions) {
      log.warn(
        { address: socket.remoteAddress, max: config.maxSessions },
        "SMPP connection refused: smpp.maxSessions reached",
      );
      socket.destroy();
      return;
    }
    sessions.add(new SmppSession(socket, host));
  };
  const server: Server =
    tls === undefined
      ? createServer(onConnection)
      : createTlsServer(
          { ...tls, handshakeTimeout: config.bindTimeoutSeconds * 1000 },
          onConnection,
        );
  server.on("tlsClientError", (err: Error) =>
    log.debug({ err: err.message }, "SMPP TLS handshake failed"),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.listen, () => {
      server.off("error", reject);
      resolve();
    });
  });
  deliveries.start();
  const port = (server.address() as AddressInfo).port;
  log.info(
    { address: config.listen, port, tls: tls !== undefined, accounts: accounts.length },
    "SMPP server listening",
  );

  return {
    port,
    deliveries,
    sessions: () =>
      [...sessions]
        .filter((s) => s.account !== undefined && s.state !== "closed")
        .map((s) => ({
          systemId: (s.account as SmppAccount).systemId,
          address: s.address,
          state: s.state,
          unacknowledged: s.unacknowledged,
        })),
    waiting: () =>
      Object.fromEntries(
        config.accounts.map((a) => [a.systemId, deliveries.waiting(a.systemId).length]),
      ),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sessions].map((s) => s.unbind()));
      await closed;
      deliveries.off("waiting", pumpAccount);
      await deliveries.close();
    },
  };
}
