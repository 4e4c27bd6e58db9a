import { connect } from "mqtt";
import type { CommandAuditEvent } from "../automation/audit.js";
import type { Automation, AutomationOptions } from "../automation/automation.js";
import type { Clock } from "../automation/clock.js";
import type { GatewayHousekeepingTask } from "../automation/references.js";
import type { ClockState, NetworkClock } from "../clock/network-clock.js";
import type { Config } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { Modem } from "../modem/modem.js";
import { brokerClientOptions } from "../mqtt/connection.js";
import type { SmsService } from "../sms/service.js";
import type { SmsPersistence } from "../sms/state.js";

const log = createLogger("gateway");

/** Whether the config asks for any automation at all (else no second MQTT client is made). */
export function automationConfigured(a: Config["automation"]): boolean {
  return (
    a.commands.length > 0 ||
    a.alerts.rules.length > 0 ||
    a.schedules.length > 0 ||
    a.forwarding.length > 0 ||
    a.autoReply.length > 0 ||
    a.callTriggers.length > 0
  );
}

/**
 * Automation runs on its own MQTT client (`<clientId>-automation`, clean session: sensor
 * readings from while it was away are of no use), so the bridge's persistent session and its
 * topic contract stay untouched. Built after the SMS service is running; its start (which
 * subscribes, so waits for the broker) runs in the background: no broker must not hold up
 * sending and receiving SMS.
 */
export async function startAutomation(opts: {
  config: Config;
  service: SmsService;
  modem: Modem;
  store: SmsPersistence;
  dir: string;
  clock?: NetworkClock;
  /** See GatewayOptions.automationClock / automationClockState (tests only). */
  automationClock?: Clock;
  automationClockState?: () => ClockState;
  /** Told of every SMS command attempt (the metrics count them). */
  onCommand?: (e: CommandAuditEvent) => void;
  /** Incoming calls for `automation.callTriggers`, and where their decisions go. */
  calls?: AutomationOptions["calls"];
  onCallDecided?: AutomationOptions["onCallDecided"];
  /** Queues a received SMS for a forwarding rule's HTTP target. */
  httpForward?: AutomationOptions["httpForward"];
  /** The e-mail door's outbox, for forwards to `mailto:` recipients. */
  mail?: AutomationOptions["mail"];
}): Promise<
  { automation: Automation; started: Promise<void>; stop: () => Promise<void> } | undefined
> {
  const { config, service, modem, store, dir, clock, automationClock, automationClockState } = opts;
  const clockState = automationClockState ?? (clock === undefined ? undefined : () => clock.state);
  if (!automationConfigured(config.automation)) return undefined;
  // Loaded only when configured: a gateway without automation keeps its memory (a Pi has little).
  const [{ createAutomation }, { MqttClientPort }] = await Promise.all([
    import("../automation/automation.js"),
    import("../automation/mqtt-port.js"),
  ]);
  const client = connect(config.mqtt.url, {
    ...brokerClientOptions(config.mqtt, "-automation"),
    clean: true,
  });
  const port = new MqttClientPort(client);
  const automation = createAutomation({
    config: config.automation,
    sms: service,
    mqtt: port,
    baseTopic: config.mqtt.baseTopic,
    storeDir: dir,
    modemInfo: () => ({ ...modem.info, state: modem.state }),
    housekeeping: {
      // Every task the loader lets a schedule name (GATEWAY_HOUSEKEEPING_TASKS), and no other.
      "sim-sweep": () => service.sweepInbox(),
      "history-retention": async () => {
        await store.pruneHistory?.();
      },
    } satisfies Record<GatewayHousekeepingTask, () => unknown>,
    contacts: config.contacts,
    // National numbers in the config belong to the SIM's country unless the config names one.
    simCountry: () => service.simCountry,
    ...(clockState === undefined ? {} : { clockState }),
    ...(automationClock === undefined ? {} : { clock: automationClock }),
    ...(opts.onCommand === undefined ? {} : { onCommand: opts.onCommand }),
    ...(opts.calls === undefined ? {} : { calls: opts.calls }),
    ...(opts.onCallDecided === undefined ? {} : { onCallDecided: opts.onCallDecided }),
    ...(opts.httpForward === undefined ? {} : { httpForward: opts.httpForward }),
    ...(opts.mail === undefined ? {} : { mail: opts.mail }),
  });
  const started = automation.start().catch((err: unknown) => {
    log.error({ err: errorMessage(err) }, "automation did not start");
  });
  return {
    automation,
    started,
    stop: async () => {
      await Promise.race([started, new Promise((r) => setTimeout(r, 2_000).unref())]);
      await automation.stop();
      port.detach();
      await client.endAsync();
    },
  };
}
