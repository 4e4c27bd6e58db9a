import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { NpmEsme, textOf } from "./support/npm-client.js";

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

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("submit_sm through the SMS service", () => {
  it("sends a UCS-2 text (data_coding 8) as UCS-2", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const resp = await esme.submit({
      destination_addr: "491701234567",
      dest_addr_ton: 1,
      short_message: "Привет, мир",
    });
    expect(resp.command_status).toBe(0);
    const m = t.gateway.service.get(resp.message_id as string);
    expect([m?.text, m?.encoding]).toEqual(["Привет, мир", "ucs2"]);
    esme.close();
  });

  it("splits a long message_payload with our own segmenter", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const text = "A long SMPP text. ".repeat(20);
    const resp = await esme.submit({ destination_addr: "+491701234567", message_payload: text });
    expect(resp.command_status).toBe(0);
    const m = t.gateway.service.get(resp.message_id as string);
    expect([m?.text, m?.parts]).toEqual([text, 3]);
    esme.close();
  });

  it("joins parts the ESME split with a UDH (esm_class 0x40) into one message, answering every part with its id", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const part = (n: number, text: string) =>
      esme.submit({
        destination_addr: "+491701234567",
        esm_class: 0x40,
        short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, 2, n]), message: text },
      });
    const [second, first] = await Promise.all([part(2, "second half."), part(1, "First half, ")]);
    expect([first.command_status, second.command_status]).toEqual([0, 0]);
    expect(first.message_id).toBe(second.message_id);
    expect(t.gateway.service.get(first.message_id as string)?.text).toBe(
      "First half, second half.",
    );
    esme.close();
  });

  it("joins parts the ESME split with sar_* TLVs", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const part = (n: number, text: string) =>
      esme.submit({
        destination_addr: "+491701234567",
        short_message: text,
        sar_msg_ref_num: 7,
        sar_total_segments: 2,
        sar_segment_seqnum: n,
      });
    const [a, b] = await Promise.all([part(1, "one "), part(2, "two")]);
    expect(a.message_id).toBe(b.message_id);
    expect(t.gateway.service.get(a.message_id as string)?.text).toBe("one two");
    esme.close();
  });

  it("maps priority_flag 2 to high priority", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const resp = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "urgent",
      priority_flag: 2,
    });
    const detail = await t.gateway.service.detail(resp.message_id as string);
    expect(detail?.priority).toBe("high");
    esme.close();
  });

  it("refuses a destination that is not a phone number with ESME_RINVDSTADR (0x0B)", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const resp = await esme.submit({ destination_addr: "not-a-number", short_message: "x" });
    expect(resp.command_status).toBe(0x0b);
    esme.close();
  });

  it("refuses a number outside the account's allowedPrefixes with ESME_RINVDSTADR", async () => {
    const t = await startSmpp({ accounts: [{ ...ACCOUNT, allowedPrefixes: ["+49"] }] });
    const esme = await bound(t.smppPort);
    const resp = await esme.submit({ destination_addr: "+33612345678", short_message: "x" });
    expect(resp.command_status).toBe(0x0b);
    esme.close();
  });

  it("answers ESME_RTHROTTLED (0x58) beyond the account's throughput", async () => {
    const t = await startSmpp({ accounts: [{ ...ACCOUNT, throughput: 1 }] });
    const esme = await bound(t.smppPort);
    const statuses = await Promise.all(
      [1, 2, 3].map((i) =>
        esme.submit({ destination_addr: "+491701234567", short_message: `n${i}` }),
      ),
    );
    expect(
      statuses.map((s) => s.command_status).filter((s) => s === 0x58).length,
    ).toBeGreaterThanOrEqual(2);
    esme.close();
  });

  it("refuses submit_sm from a receiver with ESME_RINVBNDSTS (0x04)", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort, "receiver");
    const resp = await esme.submit({ destination_addr: "+491701234567", short_message: "x" });
    expect(resp.command_status).toBe(0x04);
    esme.close();
  });

  it("answers query_sm with the message's state", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const sent = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "query me",
    });
    const id = sent.message_id as string;
    await waitFor(() => t.gateway.service.get(id)?.status === "sent", "the message to be sent");
    const q = await esme.request("query_sm", { message_id: id });
    expect([q.command_status, q.message_id, q.message_state]).toEqual([0, id, 1]);
    esme.close();
  });

  it("answers query_sm for another account's id as an unknown id (ESME_RINVMSGID)", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const q = await esme.request("query_sm", { message_id: "smpp-other-123" });
    expect(q.command_status).toBe(0x0c);
    esme.close();
  });

  it("cancels a scheduled message with cancel_sm", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const sent = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "later",
      schedule_delivery_time: "000001000000000R",
    });
    const id = sent.message_id as string;
    const c = await esme.request("cancel_sm", { message_id: id, destination_addr: "491701234567" });
    expect(c.command_status).toBe(0);
    expect(t.gateway.service.get(id)?.status).toBe("cancelled");
    esme.close();
  });
});

describe("deliver_sm to bound receivers", () => {
  it("delivers an inbound SMS to a bound transceiver", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    t.sim.deliverSms({ from: "+491709876543", text: "Hello ESME" });
    const [mo] = await esme.deliveries(1);
    expect([mo?.esm_class, mo?.source_addr, textOf(mo)]).toEqual([0, "491709876543", "Hello ESME"]);
    esme.close();
  });

  it("names the account's inboundDestination as the inbound SMS's destination_addr (smsgw by default)", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    t.sim.deliverSms({ from: "+491709876543", text: "to whom" });
    const [mo] = await esme.deliveries(1);
    expect([mo?.destination_addr, mo?.dest_addr_ton]).toEqual(["smsgw", 5]);
    esme.close();
  });

  it("gives the SIM's own number as destination_addr when the account names it", async () => {
    const t = await startSmpp({ accounts: [{ ...ACCOUNT, inboundDestination: "+491701112223" }] });
    const esme = await bound(t.smppPort);
    t.sim.deliverSms({ from: "+491709876543", text: "to me" });
    const [mo] = await esme.deliveries(1);
    expect([mo?.destination_addr, mo?.dest_addr_ton, mo?.dest_addr_npi]).toEqual([
      "491701112223",
      1,
      1,
    ]);
    esme.close();
  });

  it("sends a delivery receipt (esm_class 0x04) with the receipt text and TLVs when registered_delivery asks", async () => {
    const t = await startSmpp();
    const esme = await bound(t.smppPort);
    const sent = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "report me",
      registered_delivery: 1,
    });
    const id = sent.message_id as string;
    const [dlr] = await esme.deliveries(1);
    const text = textOf(dlr);
    expect(dlr?.esm_class).toBe(0x04);
    expect(text).toMatch(
      new RegExp(
        `^id:${id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:report me$`,
      ),
    );
    expect([dlr?.receipted_message_id, dlr?.message_state]).toEqual([id, 2]);
    esme.close();
  });

  it("keeps inbound SMS while no receiver is bound and delivers them in order when one binds", async () => {
    const t = await startSmpp();
    t.sim.deliverSms({ from: "+491709876543", text: "first" });
    t.sim.deliverSms({ from: "+491709876543", text: "second" });
    await waitFor(() => (t.gateway.smpp?.waiting().shop ?? 0) === 2, "two waiting deliveries");
    const esme = await bound(t.smppPort, "receiver");
    const got = await esme.deliveries(2);
    expect(got.map((p) => textOf(p))).toEqual(["first", "second"]);
    esme.close();
  });

  it("delivers again, after a new bind, what a client left unanswered when it disconnected", async () => {
    const t = await startSmpp();
    const first = await bound(t.smppPort, "receiver");
    first.answer = false;
    t.sim.deliverSms({ from: "+491709876543", text: "not acknowledged" });
    await first.deliveries(1);
    first.close();
    await waitFor(() => (t.gateway.smpp?.sessions().length ?? 1) === 0, "the session to close");
    const second = await bound(t.smppPort, "receiver");
    const [again] = await second.deliveries(1);
    expect(textOf(again)).toBe("not acknowledged");
    await waitFor(() => (t.gateway.smpp?.waiting().shop ?? 1) === 0, "the delivery to be done");
    second.close();
  });

  it("keeps at most windowSize deliver_sm unanswered, sending the next as each is answered", async () => {
    const t = await startSmpp({ windowSize: 2 });
    const esme = await bound(t.smppPort, "receiver");
    esme.answer = false;
    for (const text of ["one", "two", "three"]) t.sim.deliverSms({ from: "+491709876543", text });
    await waitFor(() => (t.gateway.smpp?.waiting().shop ?? 0) === 3, "three waiting deliveries");
    const held = [...(await esme.deliveries(2))];
    expect(t.gateway.smpp?.sessions()[0]?.unacknowledged).toBe(2);
    for (const p of held) esme.session.send(p.response());
    const all = await esme.deliveries(3);
    expect(all.map((p) => textOf(p))).toEqual(["one", "two", "three"]);
    esme.close();
  });

  it("keeps the line across a restart of the gateway", async () => {
    const t = await startSmpp();
    t.sim.deliverSms({ from: "+491709876543", text: "survives" });
    await waitFor(() => (t.gateway.smpp?.waiting().shop ?? 0) === 1, "a waiting delivery");
    await t.gateway.stop();
    await t.startGateway();
    const door = t.gateway.smpp;
    const esme = await bound(door?.port ?? 0, "receiver");
    const [mo] = await esme.deliveries(1);
    expect(textOf(mo)).toBe("survives");
    esme.close();
  });
});

describe("SMPP over TLS", () => {
  it("binds and submits over TLS with smpp.tls", async () => {
    const fixture = (name: string) =>
      fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
    const t = await startSmpp({
      tls: { cert: fixture("http-tls.crt"), key: fixture("http-tls.key") },
    });
    const esme = await NpmEsme.connect(t.smppPort, true);
    await esme.bind("transmitter", ACCOUNT.systemId, ACCOUNT.password);
    const resp = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "over TLS",
    });
    expect(t.gateway.service.get(resp.message_id as string)?.text).toBe("over TLS");
    esme.close();
  });
});
