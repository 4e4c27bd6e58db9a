import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { register } from "../../src/cli/commands/token.js";
import { isSmsgwError } from "../../src/errors.js";
import { TOKEN_FILE, TokenStore } from "../../src/http/tokens.js";

/** API tokens: printed once, kept only as a hash in a private file, revocable at once. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "httpapi-tokens-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

describe("TokenStore", () => {
  it("a created token verifies, with its name and scopes", async () => {
    const store = new TokenStore(dir);
    const { token } = await store.create("shop", ["messages:send"]);
    expect(await store.verify(token)).toMatchObject({ name: "shop", scopes: ["messages:send"] });
  });

  it("keeps only a hash: the file does not contain the token", async () => {
    const { token } = await new TokenStore(dir).create("shop", ["admin"]);
    const file = await readFile(join(dir, TOKEN_FILE), "utf8");
    expect(file).not.toContain(token);
    // The secret is base64url and may itself hold "_": cut after the fixed-length prefix.
    expect(file).not.toContain(token.slice("smsgw_".length + 12 + 1));
  });

  it("the file is readable by the gateway's user only (0600)", async () => {
    await new TokenStore(dir).create("shop", ["admin"]);
    expect((await stat(join(dir, TOKEN_FILE))).mode & 0o777).toBe(0o600);
  });

  it("a token with one character changed does not verify", async () => {
    const store = new TokenStore(dir);
    const { token } = await store.create("shop", ["admin"]);
    const last = token.endsWith("A") ? "B" : "A";
    expect(await store.verify(`${token.slice(0, -1)}${last}`)).toBeUndefined();
  });

  it("a revoke by another process is seen at once by a running store", async () => {
    const running = new TokenStore(dir);
    const { token } = await new TokenStore(dir).create("shop", ["admin"]);
    expect(await running.verify(token)).toBeDefined();
    expect(await new TokenStore(dir).revoke("shop")).toBe(true);
    expect(await running.verify(token)).toBeUndefined();
  });

  it("many checks at once all verify, and all of those made after a revoke by another process fail", async () => {
    const running = new TokenStore(dir);
    const { token } = await new TokenStore(dir).create("shop", ["admin"]);
    const before = await Promise.all(Array.from({ length: 32 }, () => running.verify(token)));
    expect(await new TokenStore(dir).revoke("shop")).toBe(true);
    const after = await Promise.all(Array.from({ length: 32 }, () => running.verify(token)));
    expect([before.every((t) => t?.name === "shop"), after.every((t) => t === undefined)]).toEqual([
      true,
      true,
    ]);
  });

  it("an unknown scope is refused, naming the known ones", async () => {
    const err = await new TokenStore(dir).create("x", ["messages:write"]).catch((e: unknown) => e);
    expect(isSmsgwError(err, "http.token-invalid")).toBe(true);
    expect((err as Error).message).toBe(
      "unknown scope messages:write; known: messages:send, messages:read, inbox:read, optouts:write, metrics:read, ussd, webhooks:write, admin",
    );
  });

  it("a name already taken is refused", async () => {
    const store = new TokenStore(dir);
    await store.create("shop", ["admin"]);
    await expect(store.create("shop", ["admin"])).rejects.toThrow('a token named "shop" exists');
  });

  it("a damaged file is a clear error, not a crash", async () => {
    const store = new TokenStore(dir);
    await store.create("shop", ["admin"]);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, TOKEN_FILE), "{not json");
    const err = await new TokenStore(dir).list().catch((e: unknown) => e);
    expect(isSmsgwError(err, "http.token-file")).toBe(true);
  });
});

/** Runs `smsgw token …` in process; returns what it printed and its exit code. */
async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((s: unknown) => void err.push(String(s)));
  try {
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(["node", "smsgw", "token", ...args, "--store-dir", dir]);
    return { out: out.join("\n"), err: err.join("\n"), code: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

describe("smsgw token", () => {
  it("create prints the token alone on stdout, once", async () => {
    const r = await cli("create", "--name", "shop", "--scope", "messages:send,messages:read");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^smsgw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(r.err).toContain('token "shop"');
    expect(await new TokenStore(dir).verify(r.out)).toMatchObject({
      scopes: ["messages:send", "messages:read"],
    });
  });

  it("list shows names and scopes, never a token", async () => {
    const { out: token } = await cli("create", "--name", "shop", "--scope", "admin");
    const r = await cli("list", "--json");
    const list = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(list).toEqual([
      { id: expect.any(String), name: "shop", scopes: ["admin"], createdAt: expect.any(String) },
    ]);
    expect(r.out).not.toContain(token);
  });

  it("revoke removes it; the token no longer verifies", async () => {
    const { out: token } = await cli("create", "--name", "shop", "--scope", "admin");
    expect((await cli("revoke", "shop")).code).toBe(0);
    expect(await new TokenStore(dir).verify(token)).toBeUndefined();
  });

  it("revoke of an unknown name exits 1 saying so", async () => {
    const r = await cli("revoke", "nobody");
    expect(r.code).toBe(1);
    expect(r.err).toContain('no token named or with id "nobody"');
  });

  it("create with an unknown scope exits 1 with the reason", async () => {
    const r = await cli("create", "--name", "x", "--scope", "root");
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown scope root");
  });
});
