import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SmsgwError } from "../errors.js";
import { makeDir, readIfExists, replaceFile } from "../store/fs-durable.js";
import { GroupCommit } from "../store/group-commit.js";

/** What a token may do: send and cancel, read states and the modem, or everything. */
export const SCOPES = [
  "messages:send",
  "messages:read",
  "inbox:read",
  "optouts:write",
  "metrics:read",
  "ussd",
  "webhooks:write",
  "admin",
] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** A token as stored: its hash only, never the token itself. */
export interface StoredToken {
  /** Public part of the token (`smsgw_<id>_…`): finds the entry without comparing every hash. */
  id: string;
  name: string;
  scopes: Scope[];
  /** SHA-256 of the whole token, hex. The token has 256 random bits, so no slow hash is needed. */
  sha256: string;
  createdAt: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
}

interface TokenFile {
  version: 1;
  tokens: StoredToken[];
}

/** The file in the store directory that holds the token hashes (mode 0600). */
export const TOKEN_FILE = "http-tokens.json";

const TOKEN = /^smsgw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

/**
 * The API tokens: created by `smsgw token create` (the token is shown once, only its hash is
 * kept), listed, revoked, and checked by the HTTP door. Every change replaces the file
 * durably (temp file, fsync, rename), so a power cut leaves the old list or the new one.
 * The running gateway re-reads the file when it changes, so a revoke takes effect at once.
 */
export class TokenStore {
  readonly path: string;
  private cache: { key: string; tokens: StoredToken[] } | undefined;
  /**
   * Checks of the file for requests made together share one stat: each request waits for a
   * check that started after it arrived (so a revoke is still seen at once), but 32 requests
   * in flight cost one stat, not 32.
   */
  private readonly check = new GroupCommit(() => this.refresh());
  /** Changes one at a time: two API requests at once must not each drop the other's token. */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(storeDir: string) {
    this.path = join(storeDir, TOKEN_FILE);
  }

  /** Makes a token; returns it (the only time it is seen) with its stored description. */
  create(name: string, scopes: readonly string[]): Promise<{ token: string; info: TokenInfo }> {
    return this.serially(() => this.createNow(name, scopes));
  }

  private async createNow(
    name: string,
    scopes: readonly string[],
  ): Promise<{ token: string; info: TokenInfo }> {
    const cleanName = name.trim();
    if (
      cleanName === "" ||
      cleanName.length > 100 ||
      !/^[\x20-\x7E\u00A0-\uFFFF]+$/.test(cleanName)
    )
      throw new SmsgwError(
        "http.token-invalid",
        "the token name must be 1 to 100 characters without control characters",
      );
    if (scopes.length === 0)
      throw new SmsgwError("http.token-invalid", `give at least one scope: ${SCOPES.join(", ")}`);
    const bad = scopes.filter((s) => !isScope(s));
    if (bad.length > 0)
      throw new SmsgwError(
        "http.token-invalid",
        `unknown scope${bad.length > 1 ? "s" : ""} ${bad.join(", ")}; known: ${SCOPES.join(", ")}`,
      );
    const file = await this.read();
    if (file.tokens.some((t) => t.name === cleanName))
      throw new SmsgwError("http.token-invalid", `a token named "${cleanName}" exists already`);
    const id = randomBytes(6).toString("hex");
    const token = `smsgw_${id}_${randomBytes(32).toString("base64url")}`;
    const stored: StoredToken = {
      id,
      name: cleanName,
      scopes: [...new Set(scopes as Scope[])],
      sha256: sha256(token),
      createdAt: new Date().toISOString(),
    };
    await this.write({ version: 1, tokens: [...file.tokens, stored] });
    return { token, info: infoOf(stored) };
  }

  async list(): Promise<TokenInfo[]> {
    return (await this.read()).tokens.map(infoOf);
  }

  /** Removes the token with this name or id; false when there is none. */
  revoke(nameOrId: string): Promise<boolean> {
    return this.serially(() => this.revokeNow(nameOrId));
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.changes.then(fn, fn);
    this.changes = run.catch(() => undefined);
    return run;
  }

  private async revokeNow(nameOrId: string): Promise<boolean> {
    const file = await this.read();
    const kept = file.tokens.filter((t) => t.name !== nameOrId && t.id !== nameOrId);
    if (kept.length === file.tokens.length) return false;
    await this.write({ version: 1, tokens: kept });
    return true;
  }

  /** The token's entry when `token` is a valid, unrevoked token; undefined otherwise. */
  async verify(token: string): Promise<TokenInfo | undefined> {
    const m = TOKEN.exec(token);
    if (m === null) return undefined;
    const entry = (await this.current()).find((t) => t.id === m[1]);
    if (entry === undefined) return undefined;
    const a = Buffer.from(sha256(token), "hex");
    const b = Buffer.from(entry.sha256, "hex");
    return a.length === b.length && timingSafeEqual(a, b) ? infoOf(entry) : undefined;
  }

  /** The tokens, read again only when the file changed (a revoke by the CLI counts at once). */
  private async current(): Promise<StoredToken[]> {
    await this.check.request();
    return this.cache?.tokens ?? [];
  }

  private async refresh(): Promise<void> {
    let key = "absent";
    try {
      const s = await stat(this.path);
      key = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      // no file: no tokens
    }
    if (this.cache?.key === key) return;
    const tokens = (await this.read()).tokens;
    this.cache = { key, tokens };
  }

  private async read(): Promise<TokenFile> {
    const text = await readIfExists(this.path);
    if (text === undefined) return { version: 1, tokens: [] };
    try {
      const parsed = JSON.parse(text) as Partial<TokenFile>;
      if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) throw new Error("unknown format");
      return { version: 1, tokens: parsed.tokens };
    } catch (err) {
      throw new SmsgwError(
        "http.token-file",
        `${this.path} is damaged (${(err as Error).message}); move it away and create the tokens again`,
      );
    }
  }

  private async write(file: TokenFile): Promise<void> {
    await makeDir(dirname(this.path));
    await replaceFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
    this.cache = undefined;
  }
}

function infoOf(t: StoredToken): TokenInfo {
  return { id: t.id, name: t.name, scopes: [...t.scopes], createdAt: t.createdAt };
}
