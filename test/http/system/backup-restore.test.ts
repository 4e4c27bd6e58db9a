import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";
import { uiLogin } from "./ui-login.js";

/**
 * GET /api/v1/system/backup and POST /api/v1/system/restore: the config file and the store
 * directory's files in one JSON file, written back byte for byte, each file checked first.
 */

interface BackupFile {
  format: string;
  config: { path: string; data: string } | null;
  store: Array<{ path: string; sha256: string; data: string }>;
}

const CONFIG_TEXT = "# the gateway's config\nhttp:\n  enabled: true\n";
let t: HttpGatewayTest;
let dir: string;
let configFile: string;
let storeDir: string;
let backup: BackupFile;
let before: Map<string, Buffer>;

async function filesOf(root: string, under = root): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(under, { withFileTypes: true })) {
    const full = join(under, e.name);
    if (e.isDirectory()) for (const [k, v] of await filesOf(root, full)) out.set(k, v);
    else if (e.isFile()) out.set(full.slice(root.length + 1), await readFile(full));
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-backup-"));
  configFile = join(dir, "smsgw.yaml");
  await writeFile(configFile, CONFIG_TEXT);
  t = await startHttpGatewayTest({}, { configFile });
  storeDir = t.h.config.store.dir;
  const r = await t.call("GET", "/api/v1/system/backup", { token: t.tokens.admin });
  expect(r.statusCode).toBe(200);
  backup = r.json() as BackupFile;
  before = await filesOf(storeDir);
});
afterAll(async () => {
  await t.h.dispose();
  await rm(dir, { recursive: true, force: true });
});

const restore = (body: unknown) =>
  t.call("POST", "/api/v1/system/restore", { token: t.tokens.admin, body });

describe("GET /api/v1/system/backup", () => {
  it("is an attachment named smsgw-backup-<time>.json", async () => {
    const r = await t.call("GET", "/api/v1/system/backup", { token: t.tokens.admin });
    expect(r.headers["content-disposition"]).toMatch(
      /^attachment; filename="smsgw-backup-[0-9TZ-]+\.json"$/,
    );
  });

  it("holds the config file", () => {
    expect(backup.config?.path).toBe("smsgw.yaml");
    expect(Buffer.from(backup.config?.data ?? "", "base64").toString()).toBe(CONFIG_TEXT);
  });

  it("holds every file of the store directory", () => {
    expect(backup.store.map((f) => f.path).sort()).toEqual([...before.keys()].sort());
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await t.call("GET", "/api/v1/system/backup", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });

  it("needs a token: 401 without", async () => {
    expect((await t.call("GET", "/api/v1/system/backup")).statusCode).toBe(401);
  });
});

describe("POST /api/v1/system/restore", () => {
  it("writes back the store's files and the config file byte for byte", async () => {
    await writeFile(configFile, "changed: true\n");
    const changed = backup.store.find((f) => f.path === "live.json")?.path ?? "";
    await writeFile(join(storeDir, changed), "overwritten");
    const r = await restore(backup);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ config: true, restartRequired: true });
    expect(await readFile(configFile, "utf8")).toBe(CONFIG_TEXT);
    const after = await filesOf(storeDir);
    for (const [path, bytes] of before) expect(after.get(path)?.equals(bytes), path).toBe(true);
  });

  it("leaves no temporary files behind", async () => {
    const names = [...(await filesOf(storeDir)).keys()];
    expect(names.filter((n) => n.endsWith(".restore-tmp"))).toEqual([]);
  });

  it("refuses a file whose checksum does not match (400 http.backup-invalid)", async () => {
    const first = backup.store[0];
    if (first === undefined) throw new Error("an empty backup");
    const damaged = { ...backup, store: [{ ...first, data: Buffer.from("x").toString("base64") }] };
    const r = await restore(damaged);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "http.backup-invalid" });
  });

  it("refuses a path outside the store directory, writing nothing", async () => {
    const bytes = Buffer.from("evil");
    const sha256 = (await import("node:crypto")).createHash("sha256").update(bytes).digest("hex");
    const r = await restore({
      ...backup,
      store: [{ path: "../escaped.txt", sha256, data: bytes.toString("base64") }],
    });
    expect(r.statusCode).toBe(400);
    expect(await readdir(dir)).not.toContain("escaped.txt");
  });

  it("refuses what is not a backup (400 mqtt.invalid-request)", async () => {
    const r = await restore({ hello: "world" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "mqtt.invalid-request" });
  });

  it("is for admins only: a messages:send token gets 403", async () => {
    const r = await t.call("POST", "/api/v1/system/restore", {
      token: t.tokens.send,
      body: backup,
    });
    expect(r.statusCode).toBe(403);
  });

  it("refuses the web UI's cookie without the CSRF header (403 http.csrf)", async () => {
    const { cookie } = await uiLogin(t);
    const r = await t.call("POST", "/api/v1/system/restore", { headers: { cookie }, body: backup });
    expect(r.json()).toMatchObject({ code: "http.csrf" });
  });
});

describe("a restore whose config file cannot be written", () => {
  let other: HttpGatewayTest;
  beforeAll(async () => {
    // A directory where the config file should be: renaming a file over it fails.
    const notAFile = join(dir, "config-dir");
    await mkdir(join(notAFile, "inside"), { recursive: true });
    other = await startHttpGatewayTest({}, { configFile: notAFile });
  });
  afterAll(async () => {
    await other.h.dispose();
  });

  it("answers 500 http.restore-failed and writes no store file", async () => {
    const live = join(other.h.config.store.dir, "live.json");
    const before = await readFile(live);
    const r = await other.call("POST", "/api/v1/system/restore", {
      token: other.tokens.admin,
      body: backup,
    });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ code: "http.restore-failed" });
    expect((await readFile(live)).equals(before)).toBe(true);
  });
});
