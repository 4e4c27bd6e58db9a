import { describe, expect, it } from "vitest";
import type { FinalResult } from "../../../src/modem/at/result-codes.js";
import {
  begin,
  type TxEvent,
  type TxSpec,
  type TxState,
  transition,
} from "../../../src/modem/at/transaction.js";

const plain: TxSpec = { hasPrompt: false, timeoutMs: 5000, promptTimeoutMs: 10000 };
const prompt: TxSpec = { hasPrompt: true, timeoutMs: 180000, promptTimeoutMs: 10000 };
const ok: FinalResult = { kind: "ok", line: "OK" };
const cms: FinalResult = { kind: "cms", line: "+CMS ERROR: 500", code: 500 };

function run(spec: TxSpec, events: TxEvent[]): { state: TxState; effects: string[] } {
  let { state, effects } = begin(spec);
  const all = effects.map((e) => e.type);
  for (const ev of events) {
    const step = transition(state, ev, spec);
    state = step.state;
    all.push(...step.effects.map((e) => e.type));
  }
  return { state, effects: all };
}

describe("the transaction transition function", () => {
  it("arms the final timer before writing a plain command", () => {
    expect(begin(plain).effects).toEqual([
      { type: "arm-timer", ms: 5000 },
      { type: "write-command" },
    ]);
  });

  it("moves a written plain command to waiting-for-final", () => {
    expect(run(plain, [{ type: "written" }]).state).toEqual({
      stage: "waiting-for-final",
      answered: false,
    });
  });

  it("succeeds on OK", () => {
    expect(run(plain, [{ type: "written" }, { type: "final", result: ok }]).state).toEqual({
      stage: "success",
      final: "OK",
    });
  });

  it("succeeds on an OK that arrives before the write callback", () => {
    expect(run(plain, [{ type: "final", result: ok }, { type: "written" }]).state.stage).toBe(
      "success",
    );
  });

  it("fails with the error kind of the final result", () => {
    expect(run(plain, [{ type: "written" }, { type: "final", result: cms }]).state).toMatchObject({
      stage: "failure",
      reason: "cms",
    });
  });

  it("waits for the prompt with the prompt timeout and prompt detection on", () => {
    expect(begin(prompt).effects).toEqual([
      { type: "expect-prompt", on: true },
      { type: "arm-timer", ms: 10000 },
      { type: "write-command" },
    ]);
  });

  it("sends the data and arms the long final timer on the prompt", () => {
    const step = transition({ stage: "waiting-for-prompt" }, { type: "prompt" }, prompt);
    expect(step.state).toEqual({ stage: "waiting-for-final", answered: false });
    expect(step.effects).toEqual([
      { type: "expect-prompt", on: false },
      { type: "send-data" },
      { type: "arm-timer", ms: 180000 },
    ]);
  });

  it("sends ESC and fails with prompt-timeout when the prompt never comes", () => {
    const step = transition({ stage: "waiting-for-prompt" }, { type: "timeout" }, prompt);
    expect(step.state).toEqual({ stage: "failure", reason: "prompt-timeout" });
    expect(step.effects).toContainEqual({ type: "send-esc" });
  });

  it("fails without sending data when the modem answers ERROR instead of the prompt", () => {
    const { state, effects } = run(prompt, [{ type: "written" }, { type: "final", result: cms }]);
    expect(state).toMatchObject({ stage: "failure", reason: "cms" });
    expect(effects).not.toContain("send-data");
  });

  it("treats OK instead of the prompt as a failure", () => {
    expect(run(prompt, [{ type: "final", result: ok }]).state).toMatchObject({
      reason: "no-prompt",
    });
  });

  it("sends ESC when aborted at the prompt", () => {
    const { state, effects } = run(prompt, [{ type: "written" }, { type: "aborted" }]);
    expect(state).toEqual({ stage: "failure", reason: "aborted" });
    expect(effects).toContain("send-esc");
  });

  it("fails with closed when the transport goes away", () => {
    expect(run(plain, [{ type: "written" }, { type: "closed" }]).state).toEqual({
      stage: "failure",
      reason: "closed",
    });
  });

  it("accepts an answer without final result after the quiet time when allowed", () => {
    const spec = { ...plain, finalOptionalMs: 1000 };
    const { state, effects } = run(spec, [
      { type: "written" },
      { type: "response" },
      { type: "quiet" },
    ]);
    expect(effects).toContain("arm-quiet");
    expect(state).toEqual({ stage: "success", final: "" });
  });

  it("ignores every event once finished", () => {
    const done: TxState = { stage: "success", final: "OK" };
    expect(transition(done, { type: "timeout" }, plain)).toEqual({ state: done, effects: [] });
  });
});
