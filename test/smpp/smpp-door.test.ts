import { describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { NpmEsme } from "./support/npm-client.js";

const ACCOUNT = { systemId: "shop", password: "s3cret-pass" };

async function startSmpp(
  extra: Record<string, unknown> = {},
): Promise<GatewayTest & { smppPort: number }> {
  const t = await startGatewayTest({
    config: {
      smpp: { enabled: true, port: 0, accounts: [ACCOUNT], ...extra },
    },
    sim: { autoDeliveryReport: true },
  });
  const door = t.gateway.smpp;
  if (door === undefined) throw new Error("the SMPP door did not start");
  return Object.assign(t, { smppPort: door.port });
}

async function bound(
  port: number,
  mode: "transmitter" | "receiver" | "transceiver" = "transceiver",
) {
  const esme = await NpmEsme.connect(port);
  const resp = await esme.bind(mode, ACCOUNT.systemId, ACCOUNT.password);
  expect(resp.command_status).toBe(0);
  return esme;
}

describe("the SMPP door with the npm smpp client", () => {
  it("binds a transceiver with the configured account", async () => {
    const t = await startSmpp();
    const esme = await NpmEsme.connect(t.smppPort);
    const resp = await esme.bind("transceiver", ACCOUNT.systemId, ACCOUNT.password);
    expect(resp.command_status).toBe(0);
    expect(resp.system_id).toBe("smsgw");
    esme.close();
  });

  it("sends a GSM text submitted with submit_sm and answers with our message id", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const resp = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "Hello from SMPP",
    });
    expect(resp.command_status).toBe(0);
    const id = resp.message_id as string;
    expect(id).toMatch(/^smpp-shop-/);
    expect(t.gateway.service.get(id)?.text).toBe("Hello from SMPP");
    esme.close();
  });
});
