import { describe, expect, it } from "vitest";
import { automationSchema } from "../../src/automation/config-schema.js";
import { Lockouts } from "../../src/automation/lockout.js";
import { type AutomationState, emptyAutomationState } from "../../src/automation/state.js";
import { setLogDestination, setLogLevel } from "../../src/log.js";
import { harnessPerTest } from "../automation/support/harness.js";

/**
 * Attack: guess a static PIN just under the lockout: 4 wrong guesses every 15 minutes never
 * reached 5 in the window, so 384 guesses a day went through and a 4-digit PIN fell in about
 * two weeks. Failures now also count as strikes that never decay until a success, and from
 * the 10th on each one locks, doubling.
 */
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const cfg = { threshold: 5, windowSeconds: 15 * 60, durationSeconds: 60 * 60, backoffAfter: 10 };

/** The attacker's schedule: 4 guesses every 15 minutes, whenever not locked out. */
async function guessesOver(ms: number): Promise<number> {
  const data: AutomationState = emptyAutomationState();
  let now = 0;
  const l = new Lockouts({ data, update: async (m) => m(data) }, cfg, { now: () => now });
  let guesses = 0;
  for (; now < ms; now += 15 * MIN)
    for (let i = 0; i < 4 && l.lockedUntil("+491702222222", "smsc") === undefined; i++) {
      guesses++;
      await l.fail("+491702222222", "smsc");
    }
  return guesses;
}

describe("a slow PIN guesser", () => {
  it("gets fewer than 20 guesses in the first day (was 384)", async () => {
    expect(await guessesOver(DAY)).toBeLessThan(20);
  });

  it("gets fewer than 25 guesses in a month", async () => {
    expect(await guessesOver(30 * DAY)).toBeLessThan(25);
  });
});

const harness = harnessPerTest();

describe("a static PIN", () => {
  it.each(["4711", "12345"])(
    "of fewer than 6 digits (%s) is refused at load, naming the key",
    (pin) => {
      const r = automationSchema.safeParse({
        contacts: { numbers: { bob: "+491702222222" } },
        security: { users: [{ who: "bob", allow: ["*"], pin }] },
      });
      expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        [
          "security.users.0.pin",
          "a PIN is 6 to 12 digits: a shorter one can be guessed under the lockout within months (totp is safer still)",
        ],
      ]);
    },
  );

  it("of 6 digits works, with a warning at start that it can be replayed", async () => {
    const lines: string[] = [];
    const restore = setLogDestination({ write: (l: string) => void lines.push(l) });
    setLogLevel("warn");
    try {
      await harness.start({
        config: {
          contacts: { numbers: { bob: "+491702222222" } },
          commands: [{ name: "gate", pattern: "GATE", reply: "ok" }],
          security: { users: [{ who: "bob", allow: ["*"], pin: "471100" }] },
        },
      });
    } finally {
      setLogLevel("silent");
      restore();
    }
    expect(lines.filter((l) => l.includes("a static PIN is replayed by anyone")).length).toBe(1);
  });
});
