import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimulatedModem, type SimulatedModemOptions } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * What a test of `smsgw` as its own process needs around it: a real mosquitto, the simulated
 * module on a TCP port, a config file naming both and a store in a temporary directory, and
 * an observer subscribed to `smsgw/#` with a persistent session (it misses nothing while the
 * gateway restarts).
 */
export interface ProcessRig {
  broker: Mosquitto;
  sim: SimulatedModem;
  dir: string;
  configPath: string;
  client: TestClient;
  dispose(): Promise<void>;
}

export async function startProcessRig(opts: {
  /** Names the temporary directory (`smsgw-<name>-…`). */
  name: string;
  observerId: string;
  /** More lines under `mqtt:` (indented). */
  mqtt?: string[];
  /** More top-level config after `store:`. */
  more?: string[];
  /** More simulator options (e.g. `autoDeliveryReport`). */
  sim?: SimulatedModemOptions;
}): Promise<ProcessRig> {
  const broker = await Mosquitto.start();
  const dir = await mkdtemp(join(tmpdir(), `smsgw-${opts.name}-`));
  const sim = new SimulatedModem({ profile: "SIM800", timing: "instant", ...opts.sim });
  const server = await sim.listenTcp("127.0.0.1", 0);
  const addr = server.address();
  const simPort = typeof addr === "object" && addr !== null ? addr.port : 0;
  const configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "mqtt:",
      `  url: ${broker.url}`,
      ...(opts.mqtt ?? []),
      "store:",
      `  dir: ${join(dir, "data")}`,
      ...(opts.more ?? []),
      "",
    ].join("\n"),
  );
  const client = await TestClient.connect(broker.url, ["smsgw/#"], opts.observerId, false);
  return {
    broker,
    sim,
    dir,
    configPath,
    client,
    async dispose() {
      await client.close();
      await sim.close();
      server.close();
      await broker.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
