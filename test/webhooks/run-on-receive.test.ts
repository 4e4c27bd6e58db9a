import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../src/sms/types.js";
import { RunOnReceive } from "../../src/webhooks/run-on-receive.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-exec-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const part1 = "A".repeat(153);
const part2 = "B".repeat(153);
const part3 = "C".repeat(20);
const threeParts: InboundMessage = {
  id: "m-3",
  from: "+491701234567",
  text: part1 + part2 + part3,
  receivedAt: "2026-12-03T10:00:00.000Z",
  smsc: null,
  parts: 3,
  complete: true,
  encoding: "gsm7",
  class: null,
};

async function script(body: string): Promise<string> {
  const path = join(dir, "on-sms.sh");
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** The environment a script wrote with `env -0` (NUL-separated: texts may hold newlines). */
async function envFile(path: string): Promise<Record<string, string>> {
  const raw = await readFile(path, "utf8");
  return Object.fromEntries(
    raw
      .split("\0")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("a program run on receive gets Gammu SMSD's variables", () => {
  it("for a 3-part message: one SMS_n_ set per part, the whole text decoded once", async () => {
    const out = join(dir, "env.txt");
    const runner = new RunOnReceive({
      exec: [await script('env -0 > "$1"'), out],
      timeoutMs: 10_000,
      concurrency: 1,
      baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    const result = await runner.handle(threeParts);
    expect(result.code).toBe(0);
    const env = await envFile(out);
    expect({
      SMS_MESSAGES: env.SMS_MESSAGES,
      SMS_1_NUMBER: env.SMS_1_NUMBER,
      SMS_2_NUMBER: env.SMS_2_NUMBER,
      SMS_3_NUMBER: env.SMS_3_NUMBER,
      SMS_1_CLASS: env.SMS_1_CLASS,
      SMS_1_TEXT: env.SMS_1_TEXT,
      SMS_2_TEXT: env.SMS_2_TEXT,
      SMS_3_TEXT: env.SMS_3_TEXT,
      DECODED_PARTS: env.DECODED_PARTS,
      DECODED_1_TEXT: env.DECODED_1_TEXT,
    }).toEqual({
      SMS_MESSAGES: "3",
      SMS_1_NUMBER: "+491701234567",
      SMS_2_NUMBER: "+491701234567",
      SMS_3_NUMBER: "+491701234567",
      SMS_1_CLASS: "-1",
      SMS_1_TEXT: part1,
      SMS_2_TEXT: part2,
      SMS_3_TEXT: part3,
      DECODED_PARTS: "1",
      DECODED_1_TEXT: part1 + part2 + part3,
    });
  });

  it("SMSGW_JSON holds the whole message", async () => {
    const out = join(dir, "env.txt");
    const runner = new RunOnReceive({
      exec: [await script('env -0 > "$1"'), out],
      timeoutMs: 10_000,
      concurrency: 1,
      baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    await runner.handle(threeParts);
    expect(JSON.parse((await envFile(out)).SMSGW_JSON ?? "")).toEqual(threeParts);
  });

  it("the text reaches the program as data, never as shell code", async () => {
    const out = join(dir, "env.txt");
    const runner = new RunOnReceive({
      exec: [await script('printf %s "$SMS_1_TEXT" > "$1"'), out],
      timeoutMs: 10_000,
      concurrency: 1,
      baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    const text = `$(touch ${join(dir, "pwned")}); \`id\``;
    await runner.handle({ ...threeParts, parts: 1, text });
    expect(await readFile(out, "utf8")).toBe(text);
    await expect(readFile(join(dir, "pwned"))).rejects.toThrow();
  });

  it("the gateway's own SMSGW_ settings are not passed on", async () => {
    const out = join(dir, "env.txt");
    process.env.SMSGW_MQTT_PASSWORD = "not-for-scripts";
    try {
      const runner = new RunOnReceive({
        exec: [await script('env -0 > "$1"'), out],
        timeoutMs: 10_000,
        concurrency: 1,
      });
      await runner.handle(threeParts);
      expect((await envFile(out)).SMSGW_MQTT_PASSWORD).toBeUndefined();
    } finally {
      delete process.env.SMSGW_MQTT_PASSWORD;
    }
  });
});

describe("how a run ends is reported", () => {
  it("a failing program's exit status and stderr are kept", async () => {
    const runner = new RunOnReceive({
      exec: [await script("echo 'no database' >&2; exit 3")],
      timeoutMs: 10_000,
      concurrency: 1,
    });
    expect(await runner.handle(threeParts)).toMatchObject({ code: 3, stderr: "no database\n" });
  });

  it("a program past its time limit is killed", async () => {
    const runner = new RunOnReceive({
      exec: [await script("exec sleep 30")],
      timeoutMs: 200,
      concurrency: 1,
    });
    expect(await runner.handle(threeParts)).toMatchObject({ timedOut: true, signal: "SIGKILL" });
  });

  it("a program that does not exist is an error, not a crash", async () => {
    const runner = new RunOnReceive({
      exec: [join(dir, "missing")],
      timeoutMs: 1000,
      concurrency: 1,
    });
    expect(await runner.handle(threeParts)).toMatchObject({ code: null, error: "ENOENT" });
  });

  it("runs beyond the concurrency limit wait their turn", async () => {
    const log = join(dir, "order.txt");
    const runner = new RunOnReceive({
      exec: [await script(`echo start >> "${log}"; sleep 0.2; echo end >> "${log}"`)],
      timeoutMs: 10_000,
      concurrency: 1,
    });
    await Promise.all([runner.handle(threeParts), runner.handle({ ...threeParts, id: "m-4" })]);
    expect((await readFile(log, "utf8")).trim().split("\n")).toEqual([
      "start",
      "end",
      "start",
      "end",
    ]);
  });
});
