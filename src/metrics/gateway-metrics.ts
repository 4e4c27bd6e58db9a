import type { EventEmitter } from "node:events";
import { collectDefaultMetrics, Gauge, type LabelValues, Registry } from "prom-client";
import { COMMAND_OUTCOMES } from "../command-outcomes.js";
import type { AtCommandDone } from "../modem/at/index.js";
import { MODEM_STATES } from "../modem/lifecycle/types.js";
import type { Modem, ModemRecovery, ModemReset, StateChange } from "../modem/modem.js";
import type { CallEvent, DecidedCall } from "../sms/calls/index.js";
import type { DeliveryReportSeen, SmsService } from "../sms/service.js";
import type { InboundMessage, OutboundMessage } from "../sms/types.js";
import type {
  BalanceEvents,
  BalanceReading,
  UssdEvent,
  UssdServiceEvents,
} from "../sms/ussd/index.js";
import type { Attempt } from "../webhooks/types.js";
import { deferredCounter, deferredHistogram } from "./deferred.js";
import {
  BoundedNames,
  CALL_ACTIONS,
  callAction,
  cmsLabel,
  codeClass,
  currencyLabel,
  HTTP_METHODS,
  RAT_LABELS,
  REGISTRATION_LABELS,
  ratLabel,
  registrationLabel,
  USSD_RESULTS,
  ussdLabel,
} from "./labels.js";

/** What the gateway announces about calls: each call (with its outcome when decided), rejections and missed calls. */
export interface CallSourceEvents {
  call: [CallEvent | DecidedCall];
  missed: [number];
  rejected: [CallEvent];
}

/** What the metrics read and listen to: the gateway's parts, never changed by them. */
export interface MetricsSources {
  modem: Modem;
  service: SmsService;
  /** Whether the MQTT bridge is connected to its broker now. */
  mqttConnected: () => boolean;
  version: string;
  /** The USSD service, when USSD is on. */
  ussd?: EventEmitter<UssdServiceEvents>;
  /** The balance monitor, when `balance` is configured. */
  balance?: EventEmitter<BalanceEvents>;
  /** The calls as the gateway announces them, when calls are on. */
  calls?: EventEmitter<CallSourceEvents>;
  /** The Pi's under-voltage flags (undefined: the host does not report them). */
  undervoltage?: () => Promise<{ now: boolean; sinceBoot: boolean } | undefined>;
  /** Epoch ms (tests). */
  now?: () => number;
  /** The SMPP server, once started (`smpp.enabled`): bound sessions and waiting deliveries. */
  smpp?: () => SmppSource | undefined;
}

/** What the metrics read of the SMPP server. */
export interface SmppSource {
  sessions(): Array<{ state: string }>;
  /** Deliveries (inbound SMS, receipts) waiting for each account's receivers. */
  waiting(): Record<string, number>;
}

/** What the metrics read of the webhook engine (`WebhookEngine` satisfies it). */
export interface WebhookSource {
  pending(): number;
  on(event: "attempt", listener: (a: Attempt) => void): unknown;
  off(event: "attempt", listener: (a: Attempt) => void): unknown;
}

/** The doors that check credentials, for `smsgw_auth_failures_total`. */
export type AuthInterface = "http" | "mqtt" | "sms" | "smpp";

export interface GatewayMetrics {
  readonly registry: Registry;
  /** The exposition in the Prometheus text format. */
  render(): Promise<{ contentType: string; body: string }>;
  /** An HTTP request was answered (`route` is the route's template, never the URL). */
  httpRequest(route: string | undefined, method: string, status: number): void;
  authFailure(door: AuthInterface): void;
  /** An SMS command attempt, by its audited outcome (`ok`, `wrong-secret`, `locked-out`, …). */
  remoteCommand(outcome: string): void;
  /**
   * Counts the webhook engine's calls and reads its queue (it starts after the metrics, and
   * only when something uses it).
   */
  watchWebhooks(engine: WebhookSource): void;
  /** Stops listening to the parts. */
  stop(): void;
}

const OUTBOUND_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "expired",
  "cancelled",
] as const;
const WEBHOOK_RESULTS = ["delivered", "retry", "given-up", "disabled"] as const;
const AT_RESULTS = ["ok", "error", "cme", "cms", "timeout", "aborted", "closed"] as const;
const RECOVERY_STEPS = ["retry", "resync", "cfun-reset", "power-cycle", "reopen"] as const;
const REPORT_RESULTS = ["delivered", "temporary", "permanent", "unmatched"] as const;
const PRIORITIES = ["high", "normal", "low"] as const;
const RESET_REASONS = new Set([
  "power-on",
  "unexpected-reboot",
  "power-down",
  "cfun-reset",
  "power-cycle",
  "reopen",
]);
/** The automation's audited outcomes of an SMS command attempt. */
const COMMAND_OUTCOME_LABELS: ReadonlySet<string> = new Set(COMMAND_OUTCOMES);
/** Outcomes that are a failed authentication of the SMS door (a code or PIN). */
const SECRET_FAILURES = new Set(["missing-secret", "wrong-secret", "replayed-code"]);
/** Distinct AT command names kept as labels; a modem-specific flood of others is `other`. */
const MAX_COMMAND_NAMES = 48;
/** Sent messages remembered for the delivery latency; older ones are forgotten first. */
const MAX_AWAITING_REPORT = 10_000;

/**
 * Forgets the `n` oldest entries in one pass: dropping one per insertion walks the map's
 * deleted slots from its start each time, which costs more than the rest of the metrics.
 */
function forgetOldest(map: Map<string, number>, n: number): void {
  let left = n;
  for (const key of map.keys()) {
    if (left-- <= 0) break;
    map.delete(key);
  }
}

/**
 * The gateway's Prometheus metrics: prom-client's default process and Node.js metrics under
 * their standard names, and ours prefixed `smsgw_` in base units (seconds, messages). Counters
 * follow the parts' events; gauges are read from the parts when scraped.
 */
export function createGatewayMetrics(src: MetricsSources): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const now = src.now ?? Date.now;
  collectDefaultMetrics({ register: registry });
  const { modem, service } = src;

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (g: Gauge<L>) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        collect(this);
      },
    });
  // Counted on the send path, handed to prom-client when scraped. Known label values start
  // at 0, so rate() and increase() see the first event.
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    zero: Array<LabelValues<L>> = [],
  ) => deferredCounter<L>({ name, help, labelNames, registers, zero });

  gauge("smsgw_build_info", "Build identity (always 1)", ["version", "node_version"], (g) =>
    g.set({ version: src.version, node_version: process.versions.node }, 1),
  );
  gauge("smsgw_modem_up", "1 when the modem answers AT and is registered (ready)", [], (g) =>
    g.set(modem.state === "ready" ? 1 : 0),
  );
  gauge("smsgw_modem_state", "1 for the modem's current lifecycle state", ["state"], (g) => {
    for (const state of MODEM_STATES) g.set({ state }, modem.state === state ? 1 : 0);
  });
  gauge("smsgw_modem_signal_dbm", "Signal strength in dBm (NaN: unknown)", [], (g) =>
    g.set(modem.info.signal?.dbm ?? Number.NaN),
  );
  gauge("smsgw_modem_signal_ratio", "Signal quality 0–1 (NaN: unknown)", [], (g) => {
    const percent = modem.info.signal?.percent;
    g.set(percent === null || percent === undefined ? Number.NaN : percent / 100);
  });
  gauge("smsgw_modem_registration", "1 for the network registration status", ["status"], (g) => {
    const current = registrationLabel(modem.info.registration);
    for (const status of REGISTRATION_LABELS) g.set({ status }, current === status ? 1 : 0);
  });
  gauge("smsgw_modem_access_technology", "1 for the radio access technology", ["rat"], (g) => {
    const current = ratLabel(modem.info.act);
    for (const rat of RAT_LABELS) g.set({ rat }, current === rat ? 1 : 0);
  });
  const storage = (name: string, help: string, pick: "used" | "total") =>
    gauge(name, help, ["memory"], (g) => {
      g.reset();
      const s = modem.info.storage;
      const value = s?.[pick];
      if (s !== undefined && value !== null && value !== undefined && /^[A-Z]{2}$/.test(s.memory))
        g.set({ memory: s.memory }, value);
    });
  storage("smsgw_sim_storage_used_messages", "Messages stored in the SMS memory", "used");
  storage("smsgw_sim_storage_capacity_messages", "Capacity of the SMS memory", "total");
  const undervoltage = src.undervoltage;
  if (undervoltage !== undefined)
    new Gauge({
      name: "smsgw_host_undervoltage",
      help: "1 when the Raspberry Pi's supply voltage is too low (now, or at any time since boot)",
      labelNames: ["state"],
      registers,
      async collect() {
        this.reset();
        const u = await undervoltage().catch(() => undefined);
        if (u === undefined) return; // not a Pi: no sample rather than a false 0
        this.set({ state: "now" }, u.now ? 1 : 0);
        this.set({ state: "since_boot" }, u.sinceBoot ? 1 : 0);
      },
    });
  const smpp = src.smpp;
  if (smpp !== undefined) {
    gauge("smsgw_smpp_sessions", "Bound SMPP sessions, by state", ["state"], (g) => {
      const by: Record<string, number> = { bound_tx: 0, bound_rx: 0, bound_trx: 0 };
      for (const s of smpp()?.sessions() ?? []) by[s.state] = (by[s.state] ?? 0) + 1;
      for (const [state, n] of Object.entries(by)) g.set({ state }, n);
    });
    gauge(
      "smsgw_smpp_waiting_deliveries",
      "Inbound SMS and receipts waiting for an SMPP account's receivers, by account",
      ["account"],
      (g) => {
        g.reset();
        for (const [account, n] of Object.entries(smpp()?.waiting() ?? {})) g.set({ account }, n);
      },
    );
  }
  gauge("smsgw_mqtt_connected", "1 while the MQTT bridge is connected to its broker", [], (g) =>
    g.set(src.mqttConnected() ? 1 : 0),
  );
  gauge("smsgw_queue_messages", "Outbound messages waiting or being sent", ["priority"], (g) => {
    const depth = { high: 0, normal: 0, low: 0 };
    for (const m of waiting()) depth[m.priority]++;
    for (const priority of PRIORITIES) g.set({ priority }, depth[priority]);
  });
  gauge(
    "smsgw_queue_oldest_age_seconds",
    "Age of the oldest waiting message (0: none)",
    [],
    (g) => {
      let oldest = Number.POSITIVE_INFINITY;
      for (const m of waiting()) oldest = Math.min(oldest, Date.parse(m.createdAt));
      g.set(Number.isFinite(oldest) ? Math.max(0, (now() - oldest) / 1000) : 0);
    },
  );
  const waiting = () =>
    service.list().filter((m) => m.status === "queued" || m.status === "sending");

  const recoveries = counter(
    "smsgw_modem_recoveries_total",
    "Steps of the modem's healing ladder taken",
    ["step"],
    RECOVERY_STEPS.map((step) => ({ step })),
  );
  const resets = counter("smsgw_modem_resets_total", "Module restarts seen, by cause", ["reason"]);
  const transitions = counter("smsgw_modem_state_changes_total", "Lifecycle state changes", []);
  const atCommands = counter(
    "smsgw_modem_at_commands_total",
    "AT commands that left the wire, by result",
    ["result"],
    AT_RESULTS.map((result) => ({ result })),
  );
  const atDuration = deferredHistogram({
    name: "smsgw_modem_at_command_duration_seconds",
    help: "From writing an AT command to its final result, by command name",
    labelNames: ["command"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180],
    registers,
  });
  const cmsErrors = counter("smsgw_modem_cms_errors_total", "+CMS ERROR results by code", ["code"]);
  const outbound = counter(
    "smsgw_outbound_messages_total",
    "Outbound messages entering each status (a retried message enters sending again)",
    ["status"],
    OUTBOUND_STATUSES.map((status) => ({ status })),
  );
  const segments = counter(
    "smsgw_outbound_segments_total",
    "SMS parts accepted by the network, by encoding (what the carrier bills)",
    ["encoding"],
    [{ encoding: "gsm7" }, { encoding: "ucs2" }, { encoding: "8bit" }],
  );
  const inbound = counter(
    "smsgw_inbound_messages_total",
    "Inbound messages stored (complete false: delivered with parts missing)",
    ["complete"],
    [{ complete: "true" }, { complete: "false" }],
  );
  const reports = counter(
    "smsgw_delivery_reports_total",
    "Delivery reports received (unmatched: for no message waiting for one)",
    ["result"],
    REPORT_RESULTS.map((result) => ({ result })),
  );
  const sendLatency = deferredHistogram({
    name: "smsgw_send_latency_seconds",
    help: "From accepting a message to the network accepting its last part",
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers,
  });
  const deliveryLatency = deferredHistogram({
    name: "smsgw_delivery_latency_seconds",
    help: "From a message sent to its delivery report saying delivered",
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400],
    registers,
  });
  const authFailures = counter(
    "smsgw_auth_failures_total",
    "Failed authentications, by the door that refused them",
    ["interface"],
    [
      { interface: "http" },
      { interface: "sms" },
      ...(src.smpp === undefined ? [] : [{ interface: "smpp" as const }]),
    ],
  );
  const remoteCommands = counter(
    "smsgw_remote_commands_total",
    "SMS command attempts by outcome (the security signal)",
    ["result"],
    [{ result: "ok" }, { result: "wrong-secret" }, { result: "locked-out" }],
  );
  const httpRequests = counter(
    "smsgw_http_requests_total",
    "HTTP API requests answered, by route template, method and status class",
    ["route", "method", "code"],
  );

  const ussdRequests = counter(
    "smsgw_ussd_requests_total",
    "USSD requests (new or a menu reply) by the network's or our verdict",
    ["result"],
    USSD_RESULTS.map((result) => ({ result })),
  );
  const balanceAmount = new Gauge({
    name: "smsgw_sim_balance",
    help: "The SIM's credit as last read, in its currency",
    labelNames: ["currency"],
    registers,
  });
  const balanceTime = new Gauge({
    name: "smsgw_sim_balance_timestamp_seconds",
    help: "When the SIM's credit was last read (Unix time; 0 before the first reading)",
    registers,
  });
  const calls = counter(
    "smsgw_calls_total",
    "Incoming calls by what became of them (missed: every call that ended unanswered)",
    ["action"],
    CALL_ACTIONS.map((action) => ({ action })),
  );

  const webhookDeliveries = counter(
    "smsgw_webhook_deliveries_total",
    "Webhook and HTTP forwarding calls by result (delivered, retry, given-up, disabled)",
    ["result"],
    WEBHOOK_RESULTS.map((result) => ({ result })),
  );
  let webhooks: WebhookSource | undefined;
  gauge(
    "smsgw_webhook_pending_events",
    "Events waiting to be delivered to a webhook or HTTP forwarding target (one per receiver)",
    [],
    (g) => g.set(webhooks?.pending() ?? 0),
  );
  const onAttempt = (a: Attempt) => webhookDeliveries.inc({ result: a.result });

  const names = new BoundedNames(MAX_COMMAND_NAMES);
  /** Sent messages that wait for a delivery report: id → when sent (epoch ms). */
  const sentAt = new Map<string, number>();

  const onCommand = (e: AtCommandDone) => {
    atCommands.inc({ result: e.result });
    atDuration.observe({ command: names.label(e.name) }, e.durationMs / 1000);
    if (e.result === "cms") cmsErrors.inc({ code: cmsLabel(e.cmsCode) });
  };
  const onRecovery = (r: ModemRecovery) => recoveries.inc({ step: r.action });
  const onReset = (r: ModemReset) =>
    resets.inc({ reason: RESET_REASONS.has(r.reason) ? r.reason : "other" });
  const onState = (_c: StateChange) => transitions.inc();
  const onOutbound = (m: OutboundMessage) => {
    if ((OUTBOUND_STATUSES as readonly string[]).includes(m.status))
      outbound.inc({ status: m.status });
    if (m.status === "sent") {
      const at = Date.parse(m.updatedAt);
      segments.inc({ encoding: m.encoding }, m.parts);
      sendLatency.observe(undefined, Math.max(0, (at - Date.parse(m.createdAt)) / 1000));
      sentAt.set(m.id, at);
      if (sentAt.size > MAX_AWAITING_REPORT) forgetOldest(sentAt, MAX_AWAITING_REPORT / 10);
      return;
    }
    if (m.status === "queued" || m.status === "sending" || sentAt.size === 0) return;
    const sent = sentAt.get(m.id);
    if (sent === undefined) return;
    if (m.status === "delivered")
      deliveryLatency.observe(undefined, Math.max(0, (Date.parse(m.updatedAt) - sent) / 1000));
    sentAt.delete(m.id);
  };
  const onInbound = (m: InboundMessage) => inbound.inc({ complete: String(m.complete) });
  const onReport = (r: DeliveryReportSeen) => reports.inc({ result: r.result });

  const onUssd = (e: UssdEvent) => {
    // Only answers to our requests: what the network sends on its own is not a request.
    if (e.request !== undefined) ussdRequests.inc({ result: ussdLabel(e.status) });
  };
  const onBalance = (r: BalanceReading) => {
    balanceAmount.reset();
    balanceAmount.set({ currency: currencyLabel(r.currency) }, r.amount);
    balanceTime.set(Date.parse(r.at) / 1000);
  };
  const onCall = (c: CallEvent | DecidedCall) => {
    const action = callAction("outcome" in c ? c.outcome : undefined);
    if (action !== undefined) calls.inc({ action });
  };
  const onRejected = () => calls.inc({ action: "rejected" });
  const onMissed = () => calls.inc({ action: "missed" });

  modem.at.on("command", onCommand);
  modem.on("recovery", onRecovery);
  modem.on("reset", onReset);
  modem.on("state", onState);
  service.on("outbound", onOutbound);
  service.on("inbound", onInbound);
  service.on("report", onReport);
  src.ussd?.on("result", onUssd);
  src.balance?.on("balance", onBalance);
  src.calls?.on("call", onCall);
  src.calls?.on("rejected", onRejected);
  src.calls?.on("missed", onMissed);

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    httpRequest(route, method, status) {
      httpRequests.inc({
        route: route ?? "(unmatched)",
        method: HTTP_METHODS.has(method) ? method : "other",
        code: codeClass(status),
      });
    },
    authFailure(door) {
      authFailures.inc({ interface: door });
    },
    remoteCommand(outcome) {
      remoteCommands.inc({ result: COMMAND_OUTCOME_LABELS.has(outcome) ? outcome : "other" });
      if (SECRET_FAILURES.has(outcome)) authFailures.inc({ interface: "sms" });
    },
    watchWebhooks(engine) {
      webhooks?.off("attempt", onAttempt);
      webhooks = engine;
      engine.on("attempt", onAttempt);
    },
    stop() {
      webhooks?.off("attempt", onAttempt);
      modem.at.off("command", onCommand);
      modem.off("recovery", onRecovery);
      modem.off("reset", onReset);
      modem.off("state", onState);
      service.off("outbound", onOutbound);
      service.off("inbound", onInbound);
      service.off("report", onReport);
      src.ussd?.off("result", onUssd);
      src.balance?.off("balance", onBalance);
      src.calls?.off("call", onCall);
      src.calls?.off("rejected", onRejected);
      src.calls?.off("missed", onMissed);
      registry.clear();
    },
  };
}
