import type { AutomationConfig } from "../automation/config-schema.js";
import type { InboundMessage } from "../sms/types.js";
import { RunOnReceive } from "../webhooks/run-on-receive.js";

/** What the program is told of: the SMS service's received messages. */
export interface InboundSource {
  on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
}

/**
 * Runs `automation.onReceive.exec` for each received SMS, once per message while the gateway
 * runs (a message announced again, before the broker acknowledged it, is not run twice).
 */
export function startRunOnReceive(
  o: AutomationConfig["onReceive"],
  exec: string[],
  service: InboundSource,
): { stop: () => Promise<void> } {
  const runner = new RunOnReceive({
    exec,
    timeoutMs: o.timeoutSeconds * 1000,
    concurrency: o.concurrency,
    ...(o.uid === undefined ? {} : { uid: o.uid }),
    ...(o.gid === undefined ? {} : { gid: o.gid }),
  });
  const ran = new Set<string>();
  const onInbound = (m: InboundMessage) => {
    if (ran.has(m.id)) return;
    ran.add(m.id);
    if (ran.size > 10_000) ran.delete(ran.values().next().value as string);
    void runner.handle(m);
  };
  service.on("inbound", onInbound);
  return {
    async stop() {
      service.off("inbound", onInbound);
      // Runs under way finish on their own (or at their time limit); none waits for them.
      runner.stop();
    },
  };
}
