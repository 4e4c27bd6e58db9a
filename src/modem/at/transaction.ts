import type { FinalResult } from "./result-codes.js";

/**
 * One command's life as a pure transition function (no I/O, so every path is testable):
 * writing → waiting-for-prompt → waiting-for-final → success | failure(reason).
 * The channel's loop feeds it events and carries out the effects it returns; no I/O here.
 */
export type FailureReason =
  | "error"
  | "cme"
  | "cms"
  | "not-supported"
  | "no-carrier"
  | "call-failed"
  | "no-prompt"
  | "timeout"
  | "prompt-timeout"
  | "aborted"
  | "closed";

export type TxState =
  | { stage: "writing" }
  | { stage: "waiting-for-prompt" }
  | { stage: "waiting-for-final"; answered: boolean }
  | { stage: "success"; final: string }
  | { stage: "failure"; reason: FailureReason; final?: FinalResult };

export type TxEvent =
  | { type: "written" }
  | { type: "prompt" }
  /** A line that answers the command arrived. */
  | { type: "response" }
  | { type: "final"; result: FinalResult }
  /** The armed prompt or final timer fired. */
  | { type: "timeout" }
  /** The finalOptional quiet timer fired. */
  | { type: "quiet" }
  | { type: "aborted" }
  | { type: "closed" };

export type TxEffect =
  | { type: "expect-prompt"; on: boolean }
  | { type: "write-command" }
  | { type: "arm-timer"; ms: number }
  | { type: "arm-quiet"; ms: number }
  /** Data + Ctrl-Z (0x1A). */
  | { type: "send-data" }
  /** ESC (0x1B): leave the prompt without sending (27.005 §3.5.1). */
  | { type: "send-esc" };

export interface TxSpec {
  hasPrompt: boolean;
  timeoutMs: number;
  promptTimeoutMs: number;
  finalOptionalMs?: number;
}

export interface Step {
  state: TxState;
  effects: TxEffect[];
}

export function isDone(
  state: TxState,
): state is Extract<TxState, { stage: "success" | "failure" }> {
  return state.stage === "success" || state.stage === "failure";
}

/** The first step: arm the timer before writing, so a write that never completes still times out. */
export function begin(spec: TxSpec): Step {
  const effects: TxEffect[] = [];
  if (spec.hasPrompt) effects.push({ type: "expect-prompt", on: true });
  effects.push({ type: "arm-timer", ms: spec.hasPrompt ? spec.promptTimeoutMs : spec.timeoutMs });
  effects.push({ type: "write-command" });
  return { state: { stage: "writing" }, effects };
}

export function transition(state: TxState, event: TxEvent, spec: TxSpec): Step {
  if (isDone(state)) return { state, effects: [] };
  // Until the write callback runs we are already waiting: a fast modem may answer first.
  const stage =
    state.stage === "writing"
      ? spec.hasPrompt
        ? "waiting-for-prompt"
        : "waiting-for-final"
      : state.stage;
  const prompting = stage === "waiting-for-prompt";
  const off: TxEffect[] = prompting ? [{ type: "expect-prompt", on: false }] : [];

  switch (event.type) {
    case "written":
      if (state.stage !== "writing") return { state, effects: [] };
      return {
        state: prompting
          ? { stage: "waiting-for-prompt" }
          : { stage: "waiting-for-final", answered: false },
        effects: [],
      };
    case "prompt":
      if (!prompting) return { state, effects: [] };
      return {
        state: { stage: "waiting-for-final", answered: false },
        effects: [...off, { type: "send-data" }, { type: "arm-timer", ms: spec.timeoutMs }],
      };
    case "response":
      if (prompting || spec.finalOptionalMs === undefined) {
        return {
          state: stage === "waiting-for-final" ? { stage, answered: true } : state,
          effects: [],
        };
      }
      return {
        state: { stage: "waiting-for-final", answered: true },
        effects: [{ type: "arm-quiet", ms: spec.finalOptionalMs }],
      };
    case "quiet":
      if (stage === "waiting-for-final" && state.stage === "waiting-for-final" && state.answered) {
        return { state: { stage: "success", final: "" }, effects: [] };
      }
      return { state, effects: [] };
    case "final": {
      const r = event.result;
      if (r.kind === "ok") {
        // OK where the prompt should be: the modem did not take the data.
        if (prompting)
          return { state: { stage: "failure", reason: "no-prompt", final: r }, effects: off };
        return { state: { stage: "success", final: r.line }, effects: [] };
      }
      return { state: { stage: "failure", reason: r.kind, final: r }, effects: off };
    }
    case "timeout":
      if (prompting) {
        return {
          state: { stage: "failure", reason: "prompt-timeout" },
          effects: [...off, { type: "send-esc" }],
        };
      }
      return { state: { stage: "failure", reason: "timeout" }, effects: [] };
    case "aborted":
      return {
        state: { stage: "failure", reason: "aborted" },
        effects: prompting ? [...off, { type: "send-esc" }] : [],
      };
    case "closed":
      return { state: { stage: "failure", reason: "closed" }, effects: off };
  }
}
