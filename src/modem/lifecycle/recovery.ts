import type { Machine, MachineEffect, RecoveryAction, RecoveryProgress } from "./types.js";
import { RECOVERY_LADDER } from "./types.js";

/** Exponential backoff: base·2^attempt, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}

/** The ladder without the GPIO power cycle when there is no power control (USB modems). */
export function ladderFor(hasPower: boolean): readonly RecoveryAction[] {
  return hasPower ? RECOVERY_LADDER : RECOVERY_LADDER.filter((a) => a !== "power-cycle");
}

export interface NextStep {
  progress: RecoveryProgress;
  action: RecoveryAction;
  delayMs: number;
  /** This step starts a round beyond the limit: state `failed`. */
  failed: boolean;
  /** It just crossed the limit: raise the alert once. */
  alert: boolean;
}

/**
 * Schedule the next rung. `advance`: the previous action failed (move up); otherwise the
 * episode just began (or a settled state failed again) and continues where it stood.
 */
export function nextStep(m: Machine, advance: boolean): NextStep {
  const { config } = m.ctx;
  const ladder = ladderFor(config.hasPower);
  const prev = m.ctx.recovery ?? { round: 0, step: 0, attempts: 0 };
  let { round, step } = prev;
  if (advance) step++;
  if (step >= ladder.length) {
    step = 0;
    round++;
  }
  // A port where nothing ever answered gets one round (power cycle included): more rounds
  // would not turn it into a modem, and the operator should hear of it in seconds, not minutes.
  const rounds = m.ctx.answered ? config.maxRounds : 1;
  const failed = round >= rounds;
  // Exactly when the last allowed round ends: one alert per failure episode.
  const alert = advance && step === 0 && round === rounds;
  const delayMs = failed
    ? config.failedRetryMs
    : backoffMs(prev.attempts, config.recoverBaseMs, config.recoverMaxMs);
  const progress: RecoveryProgress = { round, step, attempts: prev.attempts + 1 };
  if (prev.resume !== undefined) progress.resume = prev.resume;
  return { progress, action: ladder[step]!, delayMs, failed, alert };
}

/** Enter (or continue) recovery: state recovering/failed with a timer for the next action. */
export function scheduleRecovery(
  m: Machine,
  reason: string,
  advance: boolean,
  resume?: RecoveryProgress["resume"],
): { machine: Machine; effects: MachineEffect[] } {
  const base: Machine =
    resume !== undefined && m.ctx.recovery === undefined
      ? { ...m, ctx: { ...m.ctx, recovery: { round: 0, step: 0, attempts: 0, resume } } }
      : m;
  const next = nextStep(base, advance);
  const effects: MachineEffect[] = [
    { type: "clear-timers" },
    { type: "set-timer", name: "recover", ms: next.delayMs },
  ];
  // Failed: between the slow steps a cheap AT every health interval (see the `health` timer).
  if (next.failed)
    effects.push({ type: "set-timer", name: "health", ms: base.ctx.config.healthIntervalMs });
  if (next.alert) effects.push({ type: "alert", rounds: next.progress.round, reason });
  return {
    machine: {
      state: next.failed ? "failed" : "recovering",
      reason,
      ctx: { ...base.ctx, recovery: next.progress },
    },
    effects,
  };
}

/** The action scheduled by the last scheduleRecovery (the `recover` timer fires it). */
export function pendingAction(m: Machine): RecoveryAction {
  const ladder = ladderFor(m.ctx.config.hasPower);
  return ladder[m.ctx.recovery?.step ?? 0] ?? "retry";
}
