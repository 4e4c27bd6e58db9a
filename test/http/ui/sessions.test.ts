import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD_FILE, AdminPassword } from "../../../src/http/ui/admin-password.js";
import { sessionCookieHeader, sessionCookieOf } from "../../../src/http/ui/cookie.js";
import { csrfMatches, Sessions } from "../../../src/http/ui/sessions.js";

/** The web UI's sessions, cookie and password file, each on its own. */

describe("a session", () => {
  let now = 0;
  const sessions = () => new Sessions({ idleMs: 60_000, now: () => now, max: 2 });

  it("is found by its id while used", () => {
    now = 0;
    const s = sessions();
    const { id, session } = s.create();
    now = 59_000;
    expect(s.touch(id)).toBe(session);
  });

  it("ends after idleMs without a request", () => {
    now = 0;
    const s = sessions();
    const { id } = s.create();
    now = 60_000;
    expect(s.touch(id)).toBeUndefined();
  });

  it("each request restarts the idle time", () => {
    now = 0;
    const s = sessions();
    const { id } = s.create();
    now = 50_000;
    s.touch(id);
    now = 100_000;
    expect(s.touch(id)).toBeDefined();
  });

  it("past the most kept, the least recently used one ends", () => {
    now = 0;
    const s = sessions();
    const a = s.create();
    const b = s.create();
    s.touch(a.id);
    s.create();
    expect(s.touch(b.id)).toBeUndefined();
    expect(s.touch(a.id)).toBeDefined();
  });

  it("its CSRF token matches only itself", () => {
    const s = sessions();
    const one = s.create().session;
    const two = s.create().session;
    expect(csrfMatches(one, one.csrf)).toBe(true);
    expect(csrfMatches(one, two.csrf)).toBe(false);
    expect(csrfMatches(one, undefined)).toBe(false);
  });
});

describe("the session cookie", () => {
  it("is Secure when served over TLS", () => {
    expect(sessionCookieHeader("abc", true)).toBe(
      "smsgw_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure",
    );
  });

  it("is read among other cookies; a malformed value is none", () => {
    expect(sessionCookieOf("a=1; smsgw_session=xyz_-9; b=2")).toBe("xyz_-9");
    expect(sessionCookieOf("smsgw_session=bad value!")).toBeUndefined();
    expect(sessionCookieOf(undefined)).toBeUndefined();
  });
});

describe("the admin password file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "smsgw-ui-pw-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is checked by a new reader after a restart", async () => {
    await new AdminPassword(dir).setFirst("a long password");
    const again = new AdminPassword(dir);
    expect(await again.verify("a long password")).toBe(true);
    expect(await again.verify("a long passwore")).toBe(false);
  });

  it("two first setups at once: one wins, the other is refused", async () => {
    const pw = new AdminPassword(dir);
    const results = await Promise.allSettled([
      pw.setFirst("first password 1"),
      pw.setFirst("second password 2"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("damaged, it is a clear error naming the file", async () => {
    await writeFile(join(dir, ADMIN_PASSWORD_FILE), "{not json");
    await expect(new AdminPassword(dir).isSet()).rejects.toThrow(ADMIN_PASSWORD_FILE);
  });
});
