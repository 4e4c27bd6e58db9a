/**
 * How long the simulated modem takes. "instant" answers on the next tick (process.nextTick, so
 * fake timers need not be advanced for plain replies); anything with a delay uses setTimeout,
 * so tests drive it with vi.useFakeTimers().
 */

/** A fixed delay or a [min, max] range picked by the seeded random source. */
export type Delay = number | readonly [number, number];

export interface TimingConfig {
  /** An ordinary command's answer. */
  command: Delay;
  /** From `AT+CMGS=<n>` to the prompt. */
  prompt: Delay;
  /** From Ctrl-Z to `+CMGS: <mr>` (a network round trip: seconds on a real module). */
  send: Delay;
  /** Multiplies the profile's boot step delays (realistic 1, instant 0). */
  bootScale: number;
  /** SIM ready and radio on → registered. */
  register: Delay;
  /** AT+CFUN=0/1/4 answer time. */
  cfun: Delay;
  /** AT+COPS=? network scan. */
  copsScan: Delay;
  /** Between an accepted send and its status report when reports are automatic. */
  deliveryReport: Delay;
  /** AT+CUSD request → +CUSD URC. */
  ussd: Delay;
  /** Per-command overrides by name (`"+CSQ"`, `"+CMGS"` is the send stage, `"E"` for ATE). */
  perCommand: Record<string, number>;
}

export type TimingMode = "instant" | "realistic";
export type TimingOption = TimingMode | (Partial<TimingConfig> & { base?: TimingMode });

const instant: TimingConfig = {
  command: 0,
  prompt: 0,
  send: 0,
  bootScale: 0,
  register: 0,
  cfun: 0,
  copsScan: 0,
  deliveryReport: 0,
  ussd: 0,
  perCommand: {},
};

const realistic: TimingConfig = {
  command: [5, 30],
  prompt: [20, 80],
  send: [1500, 4000],
  bootScale: 1,
  register: [1500, 3000],
  cfun: [300, 1500],
  copsScan: [8000, 20000],
  deliveryReport: [3000, 8000],
  ussd: [1500, 3000],
  perCommand: {},
};

export function resolveTiming(option: TimingOption | undefined): TimingConfig {
  if (option === undefined || option === "instant") return { ...instant, perCommand: {} };
  if (option === "realistic") return { ...realistic, perCommand: {} };
  const { base, ...rest } = option;
  const start = base === "realistic" ? realistic : instant;
  return { ...start, ...rest, perCommand: { ...(rest.perCommand ?? {}) } };
}

/** mulberry32: small seeded PRNG so "realistic" runs are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickDelay(delay: Delay, random: () => number): number {
  if (typeof delay === "number") return delay;
  const [min, max] = delay;
  return Math.round(min + (max - min) * random());
}

/**
 * Timers tied to a power epoch: when the modem loses power or reboots, `reset()` bumps the
 * epoch and every pending callback of the old life is cancelled.
 */
export class Scheduler {
  private epoch = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Run `fn` after `ms` (≤ 0: next tick). Returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    const epoch = this.epoch;
    let cancelled = false;
    if (ms <= 0) {
      process.nextTick(() => {
        if (!cancelled && epoch === this.epoch) fn();
      });
      return () => {
        cancelled = true;
      };
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!cancelled && epoch === this.epoch) fn();
    }, ms);
    this.timers.add(timer);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Cancel everything scheduled so far. */
  reset(): void {
    this.epoch++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
