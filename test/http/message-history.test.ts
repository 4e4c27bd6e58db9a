import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * GET /api/v1/messages/{id}: the whole story of a message — every status change with its
 * time, every part's TP-MR and status report, errors with their catalogue sentence — for
 * messages sent over HTTP and over MQTT, live and finished; and the parts on MQTT's status.
 */

interface Story {
  status: string;
  history: Array<{ status: string; at: string; error?: Record<string, unknown> }>;
  partStates: Array<{
    part: number;
    reference: number | null;
    sentAt: string | null;
    report: string;
    reportStatus?: number;
    reportText?: string;
    reportAt?: string;
  }>;
  error?: Record<string, unknown>;
  origin: string;
}

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({ sms: { maxParts: 3, retry: { baseSeconds: 0.05 } } });
});
afterAll(async () => {
  await t.h.dispose();
});

const send = (body: Record<string, unknown>) =>
  t.call("POST", "/api/v1/messages", { token: t.tokens.send, body });
const story = async (id: string, token = t.tokens.send): Promise<Story> => {
  const r = await t.call("GET", `/api/v1/messages/${encodeURIComponent(id)}`, { token });
  expect(r.statusCode).toBe(200);
  return r.json() as Story;
};
const sentTo = (text: string) => t.h.sim.sent.filter((s) => s.text === text);

describe("a delivered message's story", () => {
  let s: Story;
  beforeAll(async () => {
    await send({ to: "+491701230001", text: "story one", id: "st-1", deliveryReport: true });
    await vi.waitFor(() => expect(sentTo("story one")).toHaveLength(1));
    await vi.waitFor(async () => expect((await story("st-1")).status).toBe("sent"));
    t.h.sim.deliverReport(sentTo("story one")[0]!.reference);
    await vi.waitFor(async () => expect((await story("st-1")).status).toBe("delivered"));
    s = await story("st-1");
  });

  it("lists every status change in order: queued, sending, sent, delivered", () => {
    expect(s.history.map((c) => c.status)).toEqual(["queued", "sending", "sent", "delivered"]);
  });

  it("gives each change its time, never going backwards", () => {
    const times = s.history.map((c) => Date.parse(c.at));
    expect(times.every((x) => Number.isFinite(x))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("names the part's reference: the TP-MR the modem returned", () => {
    expect(s.partStates).toHaveLength(1);
    expect(s.partStates[0]?.reference).toBe(sentTo("story one")[0]?.reference);
    expect(typeof s.partStates[0]?.sentAt).toBe("string");
  });

  it("gives the part's report state with its TP-ST, in words, and when it came", () => {
    expect(s.partStates[0]).toMatchObject({
      part: 1,
      report: "delivered",
      reportStatus: 0,
      reportText: "received by the recipient",
    });
    expect(Number.isFinite(Date.parse(s.partStates[0]?.reportAt ?? ""))).toBe(true);
  });

  it("stays readable, story and all, once it left the live queue for the history log", async () => {
    await vi.waitFor(() => expect(t.h.gateway.service.partsOf("st-1")).toBeUndefined());
    const later = await story("st-1");
    expect(later.history.map((c) => c.status)).toEqual(["queued", "sending", "sent", "delivered"]);
    expect(later.partStates[0]).toMatchObject({ report: "delivered", reportStatus: 0 });
  });
});

describe("a multipart message whose second part fails", () => {
  it("shows each part's own report: the first delivered, the second failed", async () => {
    const text = "x".repeat(200);
    await send({ to: "+491701230002", text, id: "st-2", deliveryReport: true });
    await vi.waitFor(() =>
      expect(t.h.sim.sent.filter((x) => x.to === "+491701230002")).toHaveLength(2),
    );
    await vi.waitFor(async () => expect((await story("st-2")).status).toBe("sent"));
    const [a, b] = t.h.sim.sent.filter((x) => x.to === "+491701230002");
    t.h.sim.deliverReport(a!.reference);
    await vi.waitFor(async () =>
      expect((await story("st-2")).partStates[0]?.report).toBe("delivered"),
    );
    t.h.sim.deliverReport(b!.reference, { status: 0x41 });
    await vi.waitFor(async () => expect((await story("st-2")).status).toBe("failed"));
    const s = await story("st-2");
    expect(s.partStates.map((p) => [p.part, p.reference, p.report, p.reportStatus])).toEqual([
      [1, a!.reference, "delivered", 0],
      [2, b!.reference, "failed", 0x41],
    ]);
    expect(s.partStates[1]?.reportText).toBe("incompatible destination");
    expect(s.history.at(-1)).toMatchObject({
      status: "failed",
      error: { code: "sms.delivery-failed" },
    });
  });
});

describe("a message the network refuses (+CMS ERROR)", () => {
  let s: Story;
  beforeAll(async () => {
    t.h.sim.failNextSend(21);
    await send({ to: "+491701230003", text: "refused", id: "st-3" });
    await vi.waitFor(async () => expect((await story("st-3")).status).toBe("failed"));
    s = await story("st-3");
  });

  it("ends its history with the failure: the catalogue code, its sentence, the CMS number and its meaning", () => {
    expect(s.history.map((c) => c.status)).toEqual(["queued", "sending", "failed"]);
    expect(s.history.at(-1)?.error).toEqual({
      code: "sms.rejected",
      message: "+CMS ERROR 21: short message transfer rejected",
      cms: 21,
      description: "The network refused the message for good (a permanent +CMS ERROR).",
      cmsText: "short message transfer rejected",
    });
  });

  it("carries the same explained error at the top", () => {
    expect(s.error).toMatchObject({
      code: "sms.rejected",
      cms: 21,
      cmsText: "short message transfer rejected",
    });
  });

  it("has no reference for a part the network never took", () => {
    expect(s.partStates).toEqual([{ part: 1, reference: null, sentAt: null, report: "none" }]);
  });
});

describe("a temporary error and its retry", () => {
  it("keeps the retry in the history: back to queued with the temporary error, then sent", async () => {
    t.h.sim.failNextSend(42);
    await send({ to: "+491701230004", text: "retried", id: "st-4" });
    await vi.waitFor(async () => expect((await story("st-4")).status).toBe("sent"), {
      timeout: 15_000,
    });
    const s = await story("st-4");
    expect(s.history.map((c) => c.status)).toEqual([
      "queued",
      "sending",
      "queued",
      "sending",
      "sent",
    ]);
    expect(s.history[2]?.error).toMatchObject({
      code: "sms.send-retry",
      cms: 42,
      cmsText: "congestion",
    });
  }, 20_000);
});

describe("a message sent over MQTT", () => {
  it("is read over HTTP with an admin token, with the same story", async () => {
    const res = await t.h.client.request("send", {
      to: "+491701230005",
      text: "via mqtt",
      id: "st-mqtt",
      deliveryReport: true,
    });
    expect(res.status).toBe("ok");
    await vi.waitFor(() => expect(sentTo("via mqtt")).toHaveLength(1));
    await vi.waitFor(async () =>
      expect((await story("st-mqtt", t.tokens.admin)).status).toBe("sent"),
    );
    const s = await story("st-mqtt", t.tokens.admin);
    expect(s.origin).toBe("mqtt");
    expect(s.history.map((c) => c.status)).toEqual(["queued", "sending", "sent"]);
    expect(s.partStates[0]).toMatchObject({
      reference: sentTo("via mqtt")[0]?.reference,
      report: "pending",
    });
  });

  it("stays unknown (404) to a token without admin", async () => {
    const r = await t.call("GET", "/api/v1/messages/st-mqtt", { token: t.tokens.read });
    expect(r.statusCode).toBe(404);
  });

  it("MQTT's status payload names each sent part's reference and report (a field added, none changed)", async () => {
    const sent = (await t.h.client.waitForTopic("smsgw/status/st-mqtt", (j) => j.status === "sent"))
      .json as Record<string, unknown>;
    expect(sent).toMatchObject({
      id: "st-mqtt",
      status: "sent",
      parts: 1,
      partsSent: 1,
      reports: [{ part: 1, reference: sentTo("via mqtt")[0]?.reference, report: "pending" }],
    });
    const queued = t.h.client
      .jsonOn("smsgw/status/st-mqtt")
      .find((p) => p.status === "queued") as Record<string, unknown>;
    expect(queued.reports).toBeUndefined();
  });
});
