import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { fileStamp } from "../../src/store/fs-durable.js";

const DAY_MS = 24 * 3600_000;

let broker: EmbeddedBroker | undefined;
let gateway: Gateway | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.stop();
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  gateway = broker = dir = undefined;
});

/**
 * A store whose history has files started 10, 5 and 1 day(s) ago: the first one's records all
 * predate the second's start, so it is 5 days old.
 */
async function storeWithOldHistory(): Promise<{ store: string; history: string }> {
  dir = await mkdtemp(join(tmpdir(), "smsgw-retention-"));
  const store = join(dir, "store");
  const history = join(store, "history");
  await mkdir(history, { recursive: true });
  for (const daysAgo of [10, 5, 1]) {
    const at = Date.now() - daysAgo * DAY_MS;
    const record = { at, r: { kind: "outbound", message: { id: `old-${daysAgo}` } } };
    await writeFile(join(history, `history-${fileStamp(at)}.jsonl`), `${JSON.stringify(record)}\n`);
  }
  return { store, history };
}

async function startGateway(store: string, sms: { historyRetentionDays?: number }) {
  broker = await startEmbeddedBroker({ port: 0 });
  const { config } = await parseConfig(
    {
      modem: { port: "sim://SIM7600" },
      mqtt: { url: broker.url, clientId: "gw-retention" },
      store: { dir: store },
      sms,
    },
    { env: {} },
  );
  gateway = new Gateway({
    config,
    simulator: new SimulatedModem({ profile: "SIM7600", timing: "instant" }),
  });
  await gateway.start();
}

describe("sms.historyRetentionDays reaches the store", () => {
  it("a history file older than the configured days is deleted at start", async () => {
    const { store, history } = await storeWithOldHistory();
    await startGateway(store, { historyRetentionDays: 3 });
    expect((await readdir(history)).length).toBe(2);
  });

  it("with the default (30 days) a 5-day-old history file is kept", async () => {
    const { store, history } = await storeWithOldHistory();
    await startGateway(store, {});
    expect((await readdir(history)).length).toBe(3);
  });
});
