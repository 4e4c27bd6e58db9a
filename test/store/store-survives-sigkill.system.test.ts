import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store/index.js";
import { tempDir } from "./support/temp-dir.js";

const child = fileURLToPath(new URL("./fixtures/enqueue-until-killed.mjs", import.meta.url));

interface Doc {
  outbox: Record<string, { id: string }>;
  seq: number;
}

/** Runs the child until it has acknowledged `acks` enqueues, then SIGKILLs it. */
function runUntilKilled(dir: string, prefix: string, acks: number) {
  return new Promise<{ acked: string[]; retired: string[] }>((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, prefix], { stdio: ["ignore", "pipe", "pipe"] });
    const acked: string[] = [];
    const retired: string[] = [];
    let buf = "";
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    p.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? ""; // only whole lines count as acknowledged
      for (const line of lines) {
        if (line.startsWith("A ")) acked.push(line.slice(2));
        else if (line.startsWith("R ")) retired.push(line.slice(2));
      }
      if (acked.length >= acks && p.exitCode === null && !p.killed) p.kill("SIGKILL");
    });
    p.on("error", reject);
    p.on("close", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child ended by itself (${code}): ${stderr}`));
      else resolve({ acked, retired });
    });
  });
}

describe("the store under SIGKILL", () => {
  it("keeps every acknowledged enqueue and retirement across random kills", async () => {
    const dir = await tempDir();
    const allAcked: string[] = [];
    const allRetired: string[] = [];
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const acks = 5 + Math.floor(Math.random() * 200);
      const { acked, retired } = await runUntilKilled(dir, `r${round}`, acks);
      allAcked.push(...acked);
      allRetired.push(...retired);

      const store = await Store.open<Doc, { id: string }>({
        dir,
        defaults: { outbox: {}, seq: 0 },
      });
      const history = new Set((await store.history.query({ limit: 1e9 })).map((e) => e.record.id));
      const missing = allAcked.filter(
        (id) => store.data.outbox[id] === undefined && !history.has(id),
      );
      const notRetired = allRetired.filter(
        (id) => !history.has(id) || store.data.outbox[id] !== undefined,
      );
      expect(store.recovered).toBe(false);
      await store.close();
      expect(missing).toEqual([]);
      expect(notRetired).toEqual([]);
    }
    expect(allAcked.length).toBeGreaterThan(rounds * 5);
  });
});
