import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { FleetTopics, parseMember } from "../../src/mqtt/features/fleet-topics.js";
import { Topics, topicBase } from "../../src/mqtt/topics.js";

async function issuesOf(input: unknown): Promise<string> {
  const err = await parseConfig(input, { env: {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof Error ? err.message : "no error";
}

describe("fleet configuration", () => {
  it("is off by default, in group smsgw, with a gateway id from the host name", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.mqtt.fleet.enabled).toBe(false);
    expect(config.mqtt.fleet.group).toBe("smsgw");
    expect(config.mqtt.fleet.gatewayId).toMatch(/^[a-z0-9_-]{1,64}$/);
  });

  it("accepts a gateway id YAML read as a number", async () => {
    const { config } = await parseConfig({ mqtt: { fleet: { enabled: true, gatewayId: 7 } } });
    expect(config.mqtt.fleet.gatewayId).toBe("7");
  });

  it("is switched on from the environment", async () => {
    const { config } = await parseConfig(
      {},
      { env: { SMSGW_MQTT_FLEET_ENABLED: "true", SMSGW_MQTT_FLEET_GATEWAY_ID: "pi-2" } },
    );
    expect([config.mqtt.fleet.enabled, config.mqtt.fleet.gatewayId]).toEqual([true, "pi-2"]);
  });

  it("refuses a gateway id that is a topic name of the flat layout", async () => {
    expect(await issuesOf({ mqtt: { fleet: { enabled: true, gatewayId: "fleet" } } })).toMatch(
      /mqtt\.fleet\.gatewayId: must not be one of fleet, bridge/,
    );
  });

  it("refuses a gateway id that is not one topic level", async () => {
    expect(await issuesOf({ mqtt: { fleet: { gatewayId: "a/b" } } })).toMatch(
      /mqtt\.fleet\.gatewayId: 1 to 64 characters/,
    );
  });

  it("refuses a group with wildcards or levels", async () => {
    expect(await issuesOf({ mqtt: { fleet: { group: "g/+" } } })).toMatch(
      /mqtt\.fleet\.group: a share name/,
    );
  });

  it("refuses unknown fleet keys", async () => {
    expect(await issuesOf({ mqtt: { fleet: { shareName: "x" } } })).toMatch(
      /mqtt\.fleet\.shareName: unknown key/,
    );
  });
});

describe("the fleet topic layout", () => {
  const mqtt = { baseTopic: "smsgw", fleet: { enabled: true, gatewayId: "pi-1" } };
  const own = new Topics(topicBase(mqtt));
  const fleet = new FleetTopics("smsgw", "sms-group", "pi-1");

  it("keeps the flat layout when fleet mode is off", () => {
    expect(topicBase({ ...mqtt, fleet: { enabled: false, gatewayId: "pi-1" } })).toBe("smsgw");
  });

  it("puts each gateway's own topics under <base>/<gatewayId>", () => {
    expect([own.bridgeState, own.bridgeInfo, own.modem, own.received, own.status("m1")]).toEqual([
      "smsgw/pi-1/bridge/state",
      "smsgw/pi-1/bridge/info",
      "smsgw/pi-1/modem",
      "smsgw/pi-1/received",
      "smsgw/pi-1/status/m1",
    ]);
    expect(own.subscriptions).toEqual([
      "smsgw/pi-1/bridge/request/#",
      "smsgw/pi-1/send",
      "smsgw/pi-1/send/#",
    ]);
  });

  it("shares both send forms through one shared subscription in the group", () => {
    expect(fleet.sharedSend).toBe("$share/sms-group/smsgw/fleet/send/#");
    expect(fleet.subscriptions).toEqual([
      "$share/sms-group/smsgw/fleet/send/#",
      "smsgw/fleet/members/+",
    ]);
  });

  it("answers fleet sends on <base>/fleet/response/send and announces members", () => {
    expect([fleet.response, fleet.member("pi-1")]).toEqual([
      "smsgw/fleet/response/send",
      "smsgw/fleet/members/pi-1",
    ]);
  });

  it("classifies JSON and per-number fleet sends (00 for +)", () => {
    expect(fleet.classify("smsgw/fleet/send")).toEqual({ kind: "send" });
    expect(fleet.classify("smsgw/fleet/send/00491701234567")).toEqual({
      kind: "send-to",
      number: "+491701234567",
    });
  });

  it("classifies a malformed fleet send topic as invalid", () => {
    expect(fleet.classify("smsgw/fleet/send/0049/1").kind).toBe("invalid");
  });

  it("classifies member announcements by gateway id", () => {
    expect(fleet.classify("smsgw/fleet/members/pi-2")).toEqual({
      kind: "member",
      gatewayId: "pi-2",
    });
  });

  it("leaves a gateway's own topics and the fleet's responses to others", () => {
    expect(fleet.classify("smsgw/pi-1/send").kind).toBe("foreign");
    expect(fleet.classify("smsgw/fleet/response/send").kind).toBe("foreign");
  });
});

describe("fleet member announcements", () => {
  it("are read from their JSON", () => {
    const p = { gatewayId: "pi-2", state: "offline", clientId: "smsgw-pi-2-fleet" };
    expect(parseMember(Buffer.from(JSON.stringify(p)))).toEqual(p);
  });

  it("are ignored when cleared, garbled or incomplete", () => {
    expect(
      [
        Buffer.alloc(0),
        Buffer.from("{nope"),
        Buffer.from('{"gatewayId":"x","state":"online"}'),
      ].map(parseMember),
    ).toEqual([undefined, undefined, undefined]);
  });
});
