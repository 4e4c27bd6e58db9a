import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A logged-in browser: its CSRF token, sent back in X-CSRF-Token on every state change. */
export interface Session {
  csrf: string;
  lastSeen: number;
}

const hashOf = (id: string) => createHash("sha256").update(id, "utf8").digest("hex");

/**
 * The web UI's logins, in memory only: a restart logs everyone out, which costs a login and
 * keeps no secret on the SD card. Each session id is 256 random bits (guessing one is
 * hopeless, so a wrong cookie is not counted as a failed login); only its hash is kept as the
 * key. A session ends after `idleMs` without a request; at most `max` are kept, the oldest
 * dropped first.
 */
export class Sessions {
  private readonly byHash = new Map<string, Session>();

  constructor(private readonly opts: { idleMs: number; now?: () => number; max?: number }) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A new session; the id goes into the cookie and is not kept. */
  create(): { id: string; session: Session } {
    const id = randomBytes(32).toString("base64url");
    const session = { csrf: randomBytes(32).toString("base64url"), lastSeen: this.now() };
    if (this.byHash.size >= (this.opts.max ?? 100)) {
      const oldest = this.byHash.keys().next();
      if (oldest.done !== true) this.byHash.delete(oldest.value);
    }
    this.byHash.set(hashOf(id), session);
    return { id, session };
  }

  /** The live session of this id (its idle time restarts), or undefined. */
  touch(id: string): Session | undefined {
    const key = hashOf(id);
    const s = this.byHash.get(key);
    if (s === undefined) return undefined;
    const now = this.now();
    if (now - s.lastSeen >= this.opts.idleMs) {
      this.byHash.delete(key);
      return undefined;
    }
    s.lastSeen = now;
    // Re-inserted: the map's order stays oldest-used first, for the bound above.
    this.byHash.delete(key);
    this.byHash.set(key, s);
    return s;
  }

  end(id: string): void {
    this.byHash.delete(hashOf(id));
  }

  /** Every session ends (the admin password changed). */
  endAll(): void {
    this.byHash.clear();
  }
}

/** Whether `given` is the session's CSRF token, compared in constant time. */
export function csrfMatches(session: Session, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(session.csrf, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
