import { describe, expect, it } from "vitest";
import { automationSchema, type UserConfig } from "../../src/automation/config-schema.js";
import { Lockouts } from "../../src/automation/lockout.js";
import { SecondFactor } from "../../src/automation/second-factor.js";
import {
  type AutomationState,
  emptyAutomationState,
  type StateStore,
} from "../../src/automation/state.js";
import { decodeBase32, hotp, totp } from "../../src/automation/totp.js";

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY = decodeBase32(SECRET);

function memoryState(): StateStore {
  const data: AutomationState = emptyAutomationState();
  return { data, update: async (m) => m(data) };
}

function user(auth: Record<string, unknown>): UserConfig {
  const c = automationSchema.parse({
    security: { users: [{ who: "+491701111111", allow: ["*"], ...auth }] },
  });
  return c.security.users[0] as UserConfig;
}

describe("TOTP second factor", () => {
  const t0 = 1_750_000_000_000;

  it("accepts a code once; the same code again is a replay", async () => {
    let now = t0;
    const f = new SecondFactor(memoryState(), { now: () => now });
    const u = user({ totp: { secret: SECRET } });
    const c = totp(KEY, now);
    expect(await f.verify("a", u, c)).toBe("ok");
    now += 5_000;
    expect(await f.verify("a", u, c)).toBe("replayed");
  });

  it("refuses an older code still inside the window once a newer one was used", async () => {
    const now = t0;
    const f = new SecondFactor(memoryState(), { now: () => now });
    const u = user({ totp: { secret: SECRET } });
    expect(await f.verify("a", u, totp(KEY, now))).toBe("ok");
    expect(await f.verify("a", u, totp(KEY, now - 30_000))).toBe("replayed");
  });

  it("accepts a code up to `window` steps late (SMS delay) but not later", async () => {
    const f = new SecondFactor(memoryState(), { now: () => t0 });
    const u = user({ totp: { secret: SECRET, window: 2 } });
    expect(await f.verify("a", u, totp(KEY, t0 - 60_000))).toBe("ok");
    expect(await f.verify("b", u, totp(KEY, t0 - 90_000))).toBe("wrong");
  });

  it("keeps replay protection per user", async () => {
    const f = new SecondFactor(memoryState(), { now: () => t0 });
    const u = user({ totp: { secret: SECRET } });
    expect(await f.verify("a", u, totp(KEY, t0))).toBe("ok");
    expect(await f.verify("b", u, totp(KEY, t0))).toBe("ok");
  });

  it("says missing without a code", async () => {
    const f = new SecondFactor(memoryState(), { now: () => t0 });
    expect(await f.verify("a", user({ totp: { secret: SECRET } }), undefined)).toBe("missing");
  });
});

describe("HOTP second factor", () => {
  it("accepts codes ahead within lookAhead, and never one at or before the last accepted", async () => {
    const f = new SecondFactor(memoryState(), { now: () => 0 });
    const u = user({ hotp: { secret: SECRET, lookAhead: 5 } });
    expect(await f.verify("a", u, hotp(KEY, 0))).toBe("ok");
    expect(await f.verify("a", u, hotp(KEY, 0))).toBe("replayed");
    expect(await f.verify("a", u, hotp(KEY, 4))).toBe("ok");
    expect(await f.verify("a", u, hotp(KEY, 2))).toBe("replayed");
    expect(await f.verify("a", u, hotp(KEY, 20))).toBe("wrong");
  });
});

describe("static PIN", () => {
  it("accepts the PIN every time and refuses anything else", async () => {
    const f = new SecondFactor(memoryState(), { now: () => 0 });
    const u = user({ pin: "471100" });
    expect([
      await f.verify("a", u, "471100"),
      await f.verify("a", u, "471100"),
      await f.verify("a", u, "4712"),
    ]).toEqual(["ok", "ok", "wrong"]);
  });
});

describe("lockout", () => {
  const cfg = { threshold: 5, windowSeconds: 15 * 60, durationSeconds: 60 * 60, backoffAfter: 10 };

  it("locks after 5 failures within the window, for the configured duration", async () => {
    let now = 0;
    const l = new Lockouts(memoryState(), cfg, { now: () => now });
    const locked: boolean[] = [];
    for (let i = 0; i < 5; i++) locked.push((await l.fail("+491701111111", "r")) !== undefined);
    expect(locked).toEqual([false, false, false, false, true]);
    expect(l.lockedUntil("+491701111111", "r")).toBe(60 * 60_000);
    now = 60 * 60_000;
    expect(l.lockedUntil("+491701111111", "r")).toBeUndefined();
  });

  it("does not count failures that left the window", async () => {
    let now = 0;
    const l = new Lockouts(memoryState(), cfg, { now: () => now });
    for (let i = 0; i < 4; i++) await l.fail("s", "r");
    now = 16 * 60_000;
    expect(await l.fail("s", "r")).toBeUndefined();
  });

  it("clears the failures after a success", async () => {
    const l = new Lockouts(memoryState(), cfg, { now: () => 0 });
    for (let i = 0; i < 4; i++) await l.fail("s", "r");
    await l.succeed("s", "r");
    expect(await l.fail("s", "r")).toBeUndefined();
  });
});
