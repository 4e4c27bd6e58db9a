import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandAuditEvent, CommandOutcome } from "../../src/automation/audit.js";
import { COMMAND_LOG_FILE, CommandLog } from "../../src/automation/command-log.js";
import { crashImage, tempDir } from "../store/support/temp-dir.js";

/** The command log: the last remote-command attempts, durable in the store directory. */

const open: CommandLog[] = [];
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
});

async function openLog(dir: string, limit?: number): Promise<CommandLog> {
  const log = await CommandLog.open(dir, limit);
  open.push(log);
  return log;
}

function attempt(n: number, outcome: CommandOutcome = "ok"): CommandAuditEvent {
  return {
    sender: "+491701112222",
    command: `RELAY pump ${n}`,
    name: "relay",
    outcome,
    messageId: `in-${n}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  };
}

describe("the command log", () => {
  it("lists attempts newest first", async () => {
    const log = await openLog(await tempDir());
    for (const n of [1, 2, 3]) await log.append(attempt(n));
    expect(log.list({ limit: 10 }).map((e) => e.command)).toEqual([
      "RELAY pump 3",
      "RELAY pump 2",
      "RELAY pump 1",
    ]);
  });

  it("keeps only the newest `limit` attempts, dropping the oldest", async () => {
    const log = await openLog(await tempDir(), 3);
    for (const n of [1, 2, 3, 4, 5]) await log.append(attempt(n));
    expect(log.list({ limit: 10 }).map((e) => e.messageId)).toEqual(["in-5", "in-4", "in-3"]);
  });

  it("forgets which message was a command once its attempt is dropped", async () => {
    const log = await openLog(await tempDir(), 2);
    for (const n of [1, 2, 3]) await log.append(attempt(n));
    expect([log.outcomeOf("in-1"), log.outcomeOf("in-3")]).toEqual([undefined, "ok"]);
  });

  it("filters by outcome and stops at the limit asked for", async () => {
    const log = await openLog(await tempDir());
    await log.append(attempt(1, "wrong-secret"));
    await log.append(attempt(2));
    await log.append(attempt(3, "wrong-secret"));
    await log.append(attempt(4, "wrong-secret"));
    expect(log.list({ limit: 2, outcome: "wrong-secret" }).map((e) => e.messageId)).toEqual([
      "in-4",
      "in-3",
    ]);
  });

  it("survives a reopen with its attempts and which messages were commands", async () => {
    const dir = await tempDir();
    const first = await openLog(dir);
    await first.append(attempt(1, "wrong-secret"));
    await first.append(attempt(2));
    await first.close();
    open.splice(0);
    const again = await openLog(dir);
    expect([again.list({ limit: 10 }).length, again.outcomeOf("in-1")]).toEqual([
      2,
      "wrong-secret",
    ]);
  });

  it("has every acknowledged attempt on disk: a crash right after loses none", async () => {
    const dir = await tempDir();
    const log = await openLog(dir);
    await log.append(attempt(1));
    const image = await crashImage(dir);
    const after = await openLog(image);
    expect(after.list({ limit: 10 }).map((e) => e.messageId)).toEqual(["in-1"]);
  });

  it("takes the attempt, not the lockout it started, as the message's outcome", async () => {
    const log = await openLog(await tempDir());
    await log.append(attempt(1, "wrong-secret"));
    await log.append({ ...attempt(1, "lockout-started"), lockedUntil: "2026-01-01T01:00:00Z" });
    expect(log.outcomeOf("in-1")).toBe("wrong-secret");
  });

  it("keeps its files, named command-log.json…, in the directory it was opened on", async () => {
    const dir = await tempDir();
    const log = await openLog(dir);
    await log.append(attempt(1));
    await log.close();
    open.splice(0);
    const files = (await readdir(dir)).filter((f) => f.startsWith(COMMAND_LOG_FILE));
    const text = (await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")))).join("");
    expect(text).toContain("RELAY pump 1");
  });
});
