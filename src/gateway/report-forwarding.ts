import type { ReportTargetConfig } from "../config/sections/webhooks.js";
import { createLogger } from "../log.js";
import type { OutboundMessage } from "../sms/types.js";
import { dlrTypeOf } from "../webhooks/dlr-escapes.js";
import type { ForwardSink } from "../webhooks/engine.js";
import { eventIdOf } from "../webhooks/event-id.js";
import { reportRequest } from "../webhooks/http-forward.js";

const log = createLogger("webhooks");

/** What state changes are read from (`SmsService` satisfies it). */
export interface OutboundEventsPort {
  on(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
  off(event: "outbound", listener: (m: OutboundMessage) => void): unknown;
}

/** The engine's receiver name of a delivery-report target. */
export const reportTarget = (name: string): string => `report:${name}`;

/**
 * Tells legacy HTTP receivers of delivery reports (`webhooks.reportForwarding`) of each sent
 * message's state changes, whatever door the message came in by. Each request is rendered
 * when the change happens and handed to the webhook engine under a key of target, message and
 * state: durable before the first attempt, retried, queued once even if the change is
 * announced twice, and one message's reports go out in order.
 */
export class ReportForwarding {
  private readonly onOutbound = (m: OutboundMessage) => this.changed(m);

  constructor(
    private readonly targets: readonly ReportTargetConfig[],
    private readonly service: OutboundEventsPort,
    private readonly sink: ForwardSink,
  ) {}

  start(): void {
    this.service.on("outbound", this.onOutbound);
  }

  stop(): void {
    this.service.off("outbound", this.onOutbound);
  }

  private changed(m: OutboundMessage): void {
    for (const t of this.targets) {
      if (!(t.states as readonly string[]).includes(m.status)) continue;
      // A failure after a part reached the SMSC is "not delivered" (2), before it "rejected" (16).
      const type = dlrTypeOf(m.status, m.partsSent > 0 ? "sent" : undefined);
      if (type === undefined) continue;
      const key = `report:${t.name}:${m.id}:${m.status}`;
      this.sink
        .forward(
          reportTarget(t.name),
          {
            request: reportRequest(t.http, m, type),
            allowHttp: t.http.allowHttp,
            ...(t.http.caFile === undefined ? {} : { caFile: t.http.caFile }),
            order: m.id,
          },
          { id: eventIdOf(key), type: "sms.status" },
          key,
        )
        .catch((err: unknown) =>
          log.error(
            { err: String(err), target: t.name, id: m.id },
            "could not queue a delivery report",
          ),
        );
    }
  }
}
