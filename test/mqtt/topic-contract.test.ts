import { describe, expect, it } from "vitest";
import { encodeTopicLevel, PUBLISH_OPTIONS, Topics } from "../../src/mqtt/topics.js";

const t = new Topics("smsgw");

describe("the topic contract", () => {
  it("names the bridge topics under the base topic", () => {
    expect([t.bridgeState, t.bridgeInfo, t.request("send"), t.response("queue/list")]).toEqual([
      "smsgw/bridge/state",
      "smsgw/bridge/info",
      "smsgw/bridge/request/send",
      "smsgw/bridge/response/queue/list",
    ]);
  });

  it("writes an international number in a send topic with 00 for +", () => {
    expect(t.sendTo("+491701234567")).toBe("smsgw/send/00491701234567");
  });

  it("keeps national numbers and short codes as they are in a send topic", () => {
    expect([t.sendTo("01701234567"), t.sendTo("2222")]).toEqual([
      "smsgw/send/01701234567",
      "smsgw/send/2222",
    ]);
  });

  it("percent-encodes characters MQTT forbids in a status topic's id", () => {
    expect(t.status("batch-1:+4917/x#%")).toBe("smsgw/status/batch-1:%2B4917%2Fx%23%25");
    expect(encodeTopicLevel("plain-id")).toBe("plain-id");
  });

  it("subscribes to requests, JSON sends and per-number sends", () => {
    expect(t.subscriptions).toEqual(["smsgw/bridge/request/#", "smsgw/send", "smsgw/send/#"]);
  });

  it("retains state topics and not event topics", () => {
    const retained = Object.entries(PUBLISH_OPTIONS)
      .filter(([, o]) => o.retain)
      .map(([k]) => k)
      .sort();
    expect(retained).toEqual(["bridge/health", "bridge/info", "bridge/state", "modem", "stats"]);
  });
});

describe("classifying an incoming topic", () => {
  it("reads 00 in a send topic as +", () => {
    expect(t.classify("smsgw/send/00491701234567")).toEqual({
      kind: "send-to",
      number: "+491701234567",
    });
  });

  it("recognises JSON sends and named requests", () => {
    expect([t.classify("smsgw/send"), t.classify("smsgw/bridge/request/queue/cancel")]).toEqual([
      { kind: "send" },
      { kind: "request", name: "queue/cancel" },
    ]);
  });

  it("refuses wildcards in a topic name, answering on the send response", () => {
    expect(t.classify("smsgw/send/+")).toEqual({
      kind: "invalid",
      reason: "wildcards (+ #) are not allowed in a topic name",
      respondTo: "send",
    });
  });

  it("refuses a send topic with more than one level after send", () => {
    expect(t.classify("smsgw/send/0049170/extra")).toMatchObject({
      kind: "invalid",
      respondTo: "send",
    });
  });

  it("ignores topics of other applications and its own published topics", () => {
    expect([t.classify("other/send"), t.classify("smsgw/status/x"), t.classify("smsgw")]).toEqual([
      { kind: "foreign" },
      { kind: "foreign" },
      { kind: "foreign" },
    ]);
  });
});
