import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition, sample } from "../metrics/support/scrape.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * The real gateway on a "Raspberry Pi" whose firmware reports under-voltage now and since boot
 * (get_throttled 0x50005 in a fake sysfs tree).
 */

let root: string;
let h: GatewayTest;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "smsgw-fake-pi-"));
  const firmware = join(root, "sys/devices/platform/soc/soc:firmware");
  await mkdir(firmware, { recursive: true });
  await writeFile(join(firmware, "get_throttled"), "50005\n");
  h = await startGatewayTest({
    hostRoot: root,
    config: { metrics: { enabled: true, listen: "127.0.0.1:0" } },
  });
});
afterAll(async () => {
  await h.dispose();
  await rm(root, { recursive: true, force: true });
});

describe("under-voltage reported by the Pi's firmware", () => {
  it("is exported as smsgw_host_undervoltage now and since boot", async () => {
    const s = parseExposition((await h.gateway.metrics?.render())?.body ?? "");
    expect([
      sample(s, "smsgw_host_undervoltage", { state: "now" }),
      sample(s, "smsgw_host_undervoltage", { state: "since_boot" }),
    ]).toEqual([1, 1]);
  });

  it("makes the health warn with the check host:undervoltage", async () => {
    const doc = await h.gateway.health.current();
    expect([doc.status, doc.checks["host:undervoltage"]]).toEqual([
      "warn",
      expect.objectContaining({ observedValue: "now", status: "warn" }),
    ]);
  });
});
