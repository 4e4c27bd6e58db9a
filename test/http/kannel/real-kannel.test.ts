import { describe } from "vitest";
import { startGatewayTest } from "../../support/gateway.js";
import { kannelInstalled } from "./kannel-boxes.js";
import { realKannelScenario, SMSC_USER } from "./real-kannel-scenario.js";

/**
 * Real Kannel (bearerbox + smsbox) in front of the in-process gateway. Needs Debian's `kannel`
 * package: without it this file is skipped here (`npm test`); `npm run test:system` runs the
 * same scenario against `smsgw run` and fails without it.
 */
describe.skipIf(!kannelInstalled())(
  "real Kannel 1.4 in front of smsgw (skipped when /usr/sbin/bearerbox and smsbox are absent: apt-get install kannel)",
  () => {
    realKannelScenario(async () => {
      const h = await startGatewayTest({
        config: {
          http: { enabled: true, port: 0, kannel: { users: [SMSC_USER] } },
          sms: { deliveryReports: true },
        },
        // A network takes seconds to report; an instant report could reach Kannel before it
        // has stored the message it relays the report for.
        sim: { autoDeliveryReport: true, timing: { base: "instant", deliveryReport: 500 } },
      });
      const base = h.gateway.http?.url;
      if (base === undefined) throw new Error("the HTTP API did not start");
      return { base, sim: h.sim, dispose: () => h.dispose() };
    });
  },
);
