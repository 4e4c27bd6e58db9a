import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setLogDestination, setLogLevel } from "../../../src/log.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/**
 * The wizard's secrets (a broker password to save or to test, a SIM PIN) reach no log line,
 * even at trace level, whether the change is saved, refused, or the broker unreachable.
 */

// Before any module makes its logger: a child logger keeps the level it was made with.
vi.hoisted(() => {
  process.env.SMSGW_LOG_LEVEL = "trace";
});

const BROKER_PASSWORD = "Wizard-Broker-Pw-41";
const TEST_PASSWORD = "Wizard-Test-Pw-53";
const SIM_PIN = "86421357";

let t: HttpGatewayTest;
let dir: string;
const lines: string[] = [];
let restore: () => void = () => {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-setup-log-"));
  const file = join(dir, "smsgw.yaml");
  await writeFile(file, "mqtt:\n  url: mqtt://127.0.0.1:1883\n");
  restore = setLogDestination({ write: (l: string) => void lines.push(l) });
  t = await startHttpGatewayTest({}, { configFile: file });
  const admin = t.tokens.admin;
  await t.call("PATCH", "/api/v1/config/setup", {
    token: admin,
    body: { mqtt: { password: BROKER_PASSWORD }, modem: { pin: SIM_PIN } },
  });
  await t.call("PATCH", "/api/v1/config/setup", {
    token: admin,
    body: { mqtt: { url: "http://nope", password: BROKER_PASSWORD } },
  });
  await t.call("POST", "/api/v1/config/mqtt-test", {
    token: admin,
    body: { url: "mqtt://127.0.0.1:1", password: TEST_PASSWORD },
  });
  await t.call("POST", "/api/v1/modem/sim/pin", { token: admin, body: { pin: SIM_PIN } });
  await t.call("GET", "/api/v1/config/setup", { token: admin });
});
afterAll(async () => {
  await t.h.dispose();
  setLogLevel("silent");
  restore();
  delete process.env.SMSGW_LOG_LEVEL;
  await rm(dir, { recursive: true, force: true });
});

describe("the setup wizard's secrets in the log", () => {
  it("was captured while the wizard's requests ran (the search below looks at real lines)", () => {
    expect(lines.length).toBeGreaterThan(0);
  });

  it.each([
    ["the broker password saved", BROKER_PASSWORD],
    ["the broker password tested", TEST_PASSWORD],
    ["the SIM PIN", SIM_PIN],
  ])("%s is in no line", (_what, secret) => {
    expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
