import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DurableFile } from "../../src/store/durable-file.js";
import { WebhookRegistry } from "../../src/webhooks/registry.js";
import type { Webhook } from "../../src/webhooks/types.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-registry-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const configured: Webhook = {
  id: "cfg",
  url: "https://example.org/h",
  events: ["*"],
  format: "native",
  secrets: [],
  headers: {},
  allowHttp: false,
  enabled: true,
  source: "config",
};

describe("the webhook registry", () => {
  it("takes over SMSGate registrations kept in their old file as smsgate webhooks", async () => {
    const legacy = await DurableFile.open(join(dir, "smsgate-webhooks.json"), () => ({
      webhooks: {
        old: { id: "old", url: "http://192.168.1.5/h", event: "sms:received", deviceId: "smsgw" },
      },
    }));
    await legacy.update(() => {});
    await legacy.close();
    const registry = await WebhookRegistry.open(dir, [], "signing-key");
    try {
      expect(registry.get("old")).toEqual({
        id: "old",
        url: "http://192.168.1.5/h",
        events: ["sms:received"],
        format: "smsgate",
        secrets: ["signing-key"],
        headers: {},
        allowHttp: true,
        enabled: true,
        source: "smsgate",
      });
    } finally {
      await registry.close();
    }
  });

  it("a config webhook switched off stays off after a restart", async () => {
    const first = await WebhookRegistry.open(dir, [configured]);
    await first.setEnabled("cfg", false, "the receiver answered 410 Gone");
    await first.close();
    const again = await WebhookRegistry.open(dir, [configured]);
    try {
      expect([again.get("cfg")?.enabled, again.disabledReason("cfg")]).toEqual([
        false,
        "the receiver answered 410 Gone",
      ]);
    } finally {
      await again.close();
    }
  });

  it("refuses to store a webhook under a config webhook's id", async () => {
    const registry = await WebhookRegistry.open(dir, [configured]);
    try {
      await expect(registry.put({ ...configured, source: "api" })).rejects.toThrow(
        "webhook cfg is defined in the config file",
      );
    } finally {
      await registry.close();
    }
  });
});
