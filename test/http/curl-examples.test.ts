import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { register as registerTokenCommand } from "../../src/cli/commands/token.js";
import { type ConfigInput, configSchema } from "../../src/config/index.js";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * The curl examples of README.md and docs/http-api.md, run with the real `curl` against a real
 * gateway listening on a port, configured with the YAML the document shows and with the token
 * its `smsgw token create` line makes: each must exit 0 and get the status the document states
 * (`# … → 202` above it, or `HTTP/1.1 202` in the answer shown below it). An example that
 * drifts from the API fails here.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

interface Block {
  lang: string;
  lines: string[];
}

interface Example {
  command: string;
  /** The statuses the document states for it (empty: it states none). */
  statuses: number[];
}

function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({
    lang: m[1] ?? "",
    lines: (m[2] ?? "").replace(/\n$/, "").split("\n"),
  }));
}

const numbersAfterArrow = (comment: string) =>
  [...(comment.split("→")[1] ?? "").matchAll(/\b([1-5]\d\d)\b/g)].map((m) => Number(m[1]));

/** Each curl command (with its `\` continuations) of the shell blocks, and its stated status. */
function curlExamples(blocks: Block[]): Example[] {
  const out: Example[] = [];
  blocks.forEach((block, b) => {
    if (block.lang !== "sh" && block.lang !== "bash") return;
    const { lines } = block;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]?.startsWith("curl ")) continue;
      let end = i;
      // A `\` continues the command, and so does a quoted body spread over lines.
      const open = (to: number) =>
        (lines
          .slice(i, to + 1)
          .join("\n")
          .split("'").length -
          1) %
        2;
      while (lines[end]?.endsWith("\\") || (end < lines.length - 1 && open(end) === 1)) end++;
      const command = lines.slice(i, end + 1).join("\n");
      const above = lines[i - 1] ?? "";
      let statuses = above.startsWith("#") && above.includes("→") ? numbersAfterArrow(above) : [];
      for (let j = end + 1; statuses.length === 0 && j < lines.length; j++) {
        if (lines[j]?.startsWith("curl ")) break;
        const m = /^# HTTP\/1\.[01] (\d{3})/.exec(lines[j] ?? "");
        if (m) statuses = [Number(m[1])];
      }
      // `# 201 {…}` below it, and other outcomes in brackets: `(404 … when it was not)`.
      const next = lines[end + 1] ?? "";
      const lead = /^# ([1-5]\d\d) /.exec(next);
      if (statuses.length === 0 && lead)
        statuses = [lead[1], ...[...next.matchAll(/\(([1-5]\d\d)\b/g)].map((x) => x[1])].map(
          Number,
        );
      const isLast = !lines.slice(end + 1).some((l) => l.startsWith("curl "));
      const shown = /^HTTP\/1\.[01] (\d{3})/.exec(blocks[b + 1]?.lines[0] ?? "");
      if (statuses.length === 0 && isLast && shown) statuses = [Number(shown[1])];
      out.push({ command, statuses });
      i = end;
    }
  });
  return out;
}

/** The `smsgw token create …` lines of the shell blocks, as argument lists. */
function tokenCommands(blocks: Block[]): string[][] {
  return blocks
    .filter((b) => b.lang === "sh" || b.lang === "bash")
    .flatMap((b) => b.lines)
    .filter((l) => l.startsWith("smsgw token create "))
    .map((l) => (l.split("#")[0] ?? "").trim().split(/\s+/).slice(1));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Json, v) : v;
  return out;
}

/** The smsgw configuration the document's YAML blocks show, merged (other YAML is left out). */
function configOf(blocks: Block[]): ConfigInput {
  const keys = new Set(Object.keys(configSchema.shape));
  let config: Json = {};
  for (const b of blocks.filter((x) => x.lang === "yaml")) {
    const y: unknown = parse(b.lines.join("\n"));
    if (isObject(y) && Object.keys(y).every((k) => keys.has(k))) config = merge(config, y);
  }
  // Real ports of this test's own, on this machine only (Kannel's second listener too).
  const http = (config.http ?? {}) as Json;
  const kannel = (http.kannel ?? {}) as Json;
  const ports: Json = { enabled: true, listen: "127.0.0.1", port: 0 };
  if (kannel.listen !== undefined) ports.kannel = { listen: { port: 0 } };
  return merge(config, { http: ports }) as ConfigInput;
}

/** Runs `smsgw token create` as the CLI does, in the gateway's store; the token it printed. */
async function createToken(args: string[], storeDir: string): Promise<string> {
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => {
    printed.push(String(s));
  });
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const program = new Command().exitOverride();
    registerTokenCommand(program);
    await program.parseAsync(["node", "smsgw", ...args, "--store-dir", storeDir]);
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
  expect(process.exitCode ?? 0, `smsgw ${args.join(" ")}`).toBe(0);
  const token = printed[0];
  if (token === undefined) throw new Error(`smsgw ${args.join(" ")} printed no token`);
  return token;
}

async function curl(command: string, env: Record<string, string>) {
  // The status on a line of its own after the body; no example waits longer than 10 s.
  const { stdout } = await run("bash", ["-c", `${command} -w '\\n%{http_code}' --max-time 10`], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
  });
  return { status: Number(stdout.trim().split("\n").at(-1)), output: stdout };
}

for (const file of ["README.md", "docs/http-api.md"]) {
  const blocks = blocksOf(readFileSync(`${root}${file}`, "utf8"));
  const examples = curlExamples(blocks);

  describe(`the curl examples of ${file}`, () => {
    let t: HttpGatewayTest;
    const env: Record<string, string> = {};
    beforeAll(async () => {
      t = await startHttpGatewayTest(configOf(blocks));
      env.SMSGW = t.h.gateway.http?.url ?? "";
      const [first] = tokenCommands(blocks);
      if (first !== undefined) env.TOKEN = await createToken(first, t.h.config.store.dir);
      // docs/http-api.md reads the inbox with a token of that scope alone.
      env.INBOX_TOKEN = (
        await new TokenStore(t.h.config.store.dir).create("inbox", ["inbox:read"])
      ).token;
      // …and manages tokens and the opt-out list with an admin token.
      env.ADMIN = (await new TokenStore(t.h.config.store.dir).create("admin", ["admin"])).token;
      // docs/http-api.md dials USSD with a token of the ussd scope.
      env.USSD_TOKEN = (
        await new TokenStore(t.h.config.store.dir).create("dialler", ["ussd"])
      ).token;
    });
    afterAll(async () => {
      await t.h.dispose();
    });

    it("there are examples, and a token command", () => {
      expect(examples.length).toBeGreaterThan(5);
      expect(tokenCommands(blocks).length).toBeGreaterThan(0);
    });

    it.each(examples.map((e) => [e.command.split("\n")[0] as string, e] as const))(
      "%s",
      async (_first, example) => {
        expect(example.statuses, "the document states the status it gets").not.toEqual([]);
        const r = await curl(example.command, env);
        expect(example.statuses, r.output.slice(0, 300)).toContain(r.status);
      },
    );
  });
}
