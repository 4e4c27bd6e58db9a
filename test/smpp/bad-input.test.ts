import { afterEach, describe, expect, it, vi } from "vitest";
import { STATUS } from "../../src/smpp/status.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { bindPdu, RawClient } from "./support/raw-client.js";

const ACCOUNT = { systemId: "shop", password: "s3cret-pass" };

async function startSmpp(
  extra: Record<string, unknown> = {},
): Promise<GatewayTest & { smppPort: number }> {
  const t = await startGatewayTest({
    config: { smpp: { enabled: true, port: 0, accounts: [ACCOUNT], ...extra } },
  });
  return Object.assign(t, { smppPort: t.gateway.smpp?.port ?? 0 });
}

/** A bound transceiver on a raw connection. */
async function boundRaw(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  c.send(bindPdu(ACCOUNT.systemId, ACCOUNT.password));
  const resp = await c.next();
  expect(resp?.status).toBe(0);
  return c;
}

/** The session still answers: an enquire_link gets its response. */
async function alive(c: RawClient, sequence = 99): Promise<boolean> {
  c.send({ command: "enquire_link", status: 0, sequence });
  const r = await c.next();
  return r?.command === "enquire_link_resp" && r.sequence === sequence;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("binds that fail", () => {
  it("refuses a wrong password with ESME_RBINDFAIL and closes the connection", async () => {
    const t = await startSmpp();
    const c = await RawClient.connect(t.smppPort);
    c.send(bindPdu(ACCOUNT.systemId, "wrong-password"));
    const resp = await c.next();
    expect([resp?.command, resp?.status]).toEqual(["bind_transceiver_resp", STATUS.ESME_RBINDFAIL]);
    await c.whenClosed();
  });

  it("refuses an unknown system_id with the same answer as a wrong password", async () => {
    const t = await startSmpp();
    const c = await RawClient.connect(t.smppPort);
    c.send(bindPdu("nobody", ACCOUNT.password));
    expect((await c.next())?.status).toBe(STATUS.ESME_RBINDFAIL);
  });

  it("refuses even the right password from an address past smpp.authFailures.max failures", async () => {
    const t = await startSmpp({ authFailures: { max: 3, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) {
      const c = await RawClient.connect(t.smppPort);
      c.send(bindPdu(ACCOUNT.systemId, `wrong-${i}`));
      await c.next();
    }
    const c = await RawClient.connect(t.smppPort);
    c.send(bindPdu(ACCOUNT.systemId, ACCOUNT.password));
    expect((await c.next())?.status).toBe(STATUS.ESME_RBINDFAIL);
  });

  it("answers a second bind on a bound session with ESME_RALYBND (0x05)", async () => {
    const t = await startSmpp();
    const c = await boundRaw(t.smppPort);
    c.send(bindPdu(ACCOUNT.systemId, ACCOUNT.password, 2));
    expect((await c.next())?.status).toBe(STATUS.ESME_RALYBND);
    c.close();
  });

  it("answers submit_sm before a bind with ESME_RINVBNDSTS (0x04)", async () => {
    const t = await startSmpp();
    const c = await RawClient.connect(t.smppPort);
    c.send({
      command: "submit_sm",
      status: 0,
      sequence: 5,
      body: {
        serviceType: "",
        sourceAddrTon: 0,
        sourceAddrNpi: 0,
        sourceAddr: "",
        destAddrTon: 1,
        destAddrNpi: 1,
        destinationAddr: "491701234567",
        esmClass: 0,
        protocolId: 0,
        priorityFlag: 0,
        scheduleDeliveryTime: "",
        validityPeriod: "",
        registeredDelivery: 0,
        replaceIfPresentFlag: 0,
        dataCoding: 0,
        smDefaultMsgId: 0,
        shortMessage: Buffer.from("hi"),
        tlvs: [],
      },
    });
    const resp = await c.next();
    expect([resp?.command, resp?.status]).toEqual(["submit_sm_resp", STATUS.ESME_RINVBNDSTS]);
    c.close();
  });
});

describe("bytes that are not SMPP", () => {
  it("answers an unknown command_id with generic_nack ESME_RINVCMDID and keeps the session", async () => {
    const t = await startSmpp();
    const c = await boundRaw(t.smppPort);
    const pdu = Buffer.alloc(16);
    pdu.writeUInt32BE(16, 0);
    pdu.writeUInt32BE(0x00000077, 4);
    pdu.writeUInt32BE(7, 12);
    c.send(pdu);
    const nack = await c.next();
    expect([nack?.command, nack?.status, nack?.sequence]).toEqual([
      "generic_nack",
      STATUS.ESME_RINVCMDID,
      7,
    ]);
    expect(await alive(c)).toBe(true);
    c.close();
  });

  it("answers a submit_sm that ends inside its fields with generic_nack ESME_RINVCMDLEN and keeps the session", async () => {
    const t = await startSmpp();
    const c = await boundRaw(t.smppPort);
    const pdu = Buffer.alloc(20);
    pdu.writeUInt32BE(20, 0);
    pdu.writeUInt32BE(0x00000004, 4);
    pdu.writeUInt32BE(8, 12);
    pdu.write("abcd", 16, "latin1");
    c.send(pdu);
    const nack = await c.next();
    expect([nack?.command, nack?.status]).toEqual(["generic_nack", STATUS.ESME_RINVCMDLEN]);
    expect(await alive(c)).toBe(true);
    c.close();
  });

  it("answers an absurd command_length with generic_nack and closes only that connection", async () => {
    const t = await startSmpp();
    const other = await boundRaw(t.smppPort);
    const c = await RawClient.connect(t.smppPort);
    const head = Buffer.alloc(16);
    head.writeUInt32BE(0x7fffffff, 0);
    c.send(head);
    const nack = await c.next();
    expect([nack?.command, nack?.status]).toEqual(["generic_nack", STATUS.ESME_RINVCMDLEN]);
    await c.whenClosed();
    expect(await alive(other)).toBe(true);
    other.close();
  });

  it("closes a connection that sends garbage, leaving a bound session unaffected", async () => {
    const t = await startSmpp();
    const other = await boundRaw(t.smppPort);
    const c = await RawClient.connect(t.smppPort);
    c.send(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    await c.whenClosed();
    expect(await alive(other)).toBe(true);
    other.close();
  });
});

describe("slow and silent clients", () => {
  it("closes a client that trickles a bind and never completes it, after bindTimeoutSeconds", async () => {
    const t = await startSmpp({ bindTimeoutSeconds: 5 });
    const other = await boundRaw(t.smppPort);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const c = await RawClient.connect(t.smppPort);
    const bind = Buffer.from([0, 0, 0, 40, 0, 0, 0, 9]);
    c.send(bind.subarray(0, 4));
    await vi.advanceTimersByTimeAsync(4000);
    c.send(bind.subarray(4, 6));
    expect(c.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1500);
    await c.whenClosed();
    vi.useRealTimers();
    expect(await alive(other)).toBe(true);
    other.close();
  });

  it("unbinds a bound session that sends nothing for inactivitySeconds", async () => {
    const t = await startSmpp({ inactivitySeconds: 10, enquireLinkSeconds: 1000 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const c = await boundRaw(t.smppPort);
    await vi.advanceTimersByTimeAsync(10_000);
    const unbind = await c.next();
    expect(unbind?.command).toBe("unbind");
    await c.whenClosed();
  });

  it("closes a session that does not answer its enquire_link within responseTimeoutSeconds", async () => {
    const t = await startSmpp({ enquireLinkSeconds: 30, responseTimeoutSeconds: 5 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const c = await boundRaw(t.smppPort);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await c.next())?.command).toBe("enquire_link");
    await vi.advanceTimersByTimeAsync(5_000);
    await c.whenClosed();
  });
});
