import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimulatedModem } from "../../../src/simulator/index.js";
import { KANNEL_CLIENT, type KannelBoxes, startKannel } from "./kannel-boxes.js";

/**
 * Real Kannel in front of smsgw: an application submits to Kannel's own smsbox `sendsms`, and
 * Kannel's HTTP SMSC (`system-type = kannel`) forwards it to smsgw's `/cgi-bin/sendsms`. The
 * message must reach the modem with its text and number, and the delivery reports the
 * application asked for (`dlr-mask`, `dlr-url`) must reach it: Kannel's own "sent to SMSC"
 * once smsgw accepted the message, and "delivered" when the network's status report comes
 * back, relayed by Kannel itself when its SMSC group has a dlr-url of its own.
 */

/** The smsgw under test, with a Kannel user for Kannel's HTTP SMSC. */
export interface SmsgwUnderTest {
  /** `http://127.0.0.1:<port>` of its HTTP API. */
  base: string;
  sim: SimulatedModem;
  dispose(): Promise<void>;
}

/** The account Kannel's SMSC group logs in to smsgw with (made up for the tests). */
export const SMSC_USER = { username: "kannel-smsc", password: "kannel-smsc-secret" };

interface Callback {
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export function realKannelScenario(start: () => Promise<SmsgwUnderTest>): void {
  let smsgw: SmsgwUnderTest;
  let receiver: Server;
  let dlrBase: string;
  const callbacks: Callback[] = [];
  /** Each returns true once it found its callback (and is then dropped). */
  let waiters: Array<() => boolean> = [];

  const callback = (pred: (c: Callback) => boolean, what: string, kannel: KannelBoxes) =>
    new Promise<Callback>((resolve, reject) => {
      const timer = setTimeout(async () => {
        reject(
          new Error(
            `no ${what} callback in 15 s; got ${JSON.stringify(callbacks.map((c) => c.query.toString()))}\n${await kannel.logs()}`,
          ),
        );
      }, 15_000);
      const check = () => {
        const hit = callbacks.find(pred);
        if (hit === undefined) return false;
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      if (!check()) waiters.push(check);
    });

  const sent = (text: string) =>
    new Promise<{ to: string; text: string }>((resolve) => {
      smsgw.sim.on("sent", (s: { to: string; text: string }) => {
        if (s.text === text) resolve(s);
      });
    });

  /** What an application sends to Kannel's smsbox (GET, as PHP's http_build_query would). */
  const submit = (kannel: KannelBoxes, params: Record<string, string>) =>
    fetch(
      `${kannel.sendsms}?${new URLSearchParams({ ...KANNEL_CLIENT, from: "1234", ...params })}`,
    );

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      callbacks.push({
        query: new URL(req.url ?? "/", "http://x").searchParams,
        headers: req.headers,
      });
      waiters = waiters.filter((w) => !w());
      res.end("");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    dlrBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dlr`;
    smsgw = await start();
  });
  afterAll(async () => {
    await smsgw?.dispose();
    await new Promise((r) => receiver.close(r));
  });

  describe("with the application's dlr-url passed through to smsgw", () => {
    let kannel: KannelBoxes;
    beforeAll(async () => {
      kannel = await startKannel({
        sendUrl: `${smsgw.base}/cgi-bin/sendsms`,
        smscUsername: SMSC_USER.username,
        smscPassword: SMSC_USER.password,
      });
    });
    afterAll(async () => {
      await kannel?.stop();
    });

    it("a message submitted to Kannel reaches the modem with its number and text", async () => {
      const onModem = sent("Hello from Kannel");
      const r = await submit(kannel, { to: "+491701234567", text: "Hello from Kannel" });
      expect([r.status, await r.text()]).toEqual([202, "0: Accepted for delivery"]);
      expect(await onModem).toMatchObject({ to: "+491701234567", text: "Hello from Kannel" });
    });

    it("a Unicode text (coding=2) arrives intact through Kannel's charset conversion", async () => {
      const text = "Grüße aus Kannel: Привет ✓";
      const onModem = sent(text);
      const r = await submit(kannel, { to: "+491701234567", text, coding: "2", charset: "UTF-8" });
      expect(r.status).toBe(202);
      expect((await onModem).text).toBe(text);
    });

    it("Kannel reads smsgw's answer as accepted: its own dlr 8 (sent to SMSC) reaches the application", async () => {
      const r = await submit(kannel, {
        to: "+491701234567",
        text: "dlr eight",
        "dlr-mask": "8",
        "dlr-url": `${dlrBase}?id=eight&type=%d`,
      });
      expect(r.status).toBe(202);
      const c = await callback(
        (c) => c.query.get("id") === "eight" && /Kannel/.test(c.headers["user-agent"] ?? ""),
        "Kannel's type=8",
        kannel,
      );
      expect(c.query.get("type")).toBe("8");
    });

    it("the network's status report reaches the application's dlr-url as type 1 (delivered)", async () => {
      const r = await submit(kannel, {
        to: "+491701234567",
        text: "dlr one",
        "dlr-mask": "1",
        "dlr-url": `${dlrBase}?id=one&type=%d`,
      });
      expect(r.status).toBe(202);
      const c = await callback(
        (c) => c.query.get("id") === "one" && c.query.get("type") === "1",
        "type=1",
        kannel,
      );
      expect(c.query.get("type")).toBe("1");
    });
  });

  describe("with a dlr-url of Kannel's own on its SMSC group (reports relayed by Kannel)", () => {
    let kannel: KannelBoxes;
    beforeAll(async () => {
      kannel = await startKannel({
        sendUrl: `${smsgw.base}/cgi-bin/sendsms`,
        smscUsername: SMSC_USER.username,
        smscPassword: SMSC_USER.password,
        dlrThroughKannel: true,
      });
    });
    afterAll(async () => {
      await kannel?.stop();
    });

    it("smsgw's delivered report goes back into Kannel, which calls the application with type 1", async () => {
      const r = await submit(kannel, {
        to: "+491701234567",
        text: "relayed by Kannel",
        "dlr-mask": "1",
        "dlr-url": `${dlrBase}?id=relayed&type=%d`,
      });
      expect(r.status).toBe(202);
      const c = await callback(
        (c) => c.query.get("id") === "relayed" && c.query.get("type") === "1",
        "relayed type=1",
        kannel,
      );
      // Kannel makes the call (its user agent), not smsgw.
      expect(c.headers["user-agent"]).toMatch(/^Kannel\//);
    });
  });
}
