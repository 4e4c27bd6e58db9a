import type { ActiveContext } from "./classify.js";
import {
  begin,
  isDone,
  type TxEffect,
  type TxEvent,
  type TxSpec,
  type TxState,
  transition,
} from "./transaction.js";

/** The command on the wire, as the channel's line handler sees it. */
export interface ActiveTx {
  readonly job: unknown;
  readonly ctx: ActiveContext;
  feed(event: TxEvent): void;
  addLine(line: string): void;
}

export interface TxIo {
  setExpectPrompt(on: boolean): void;
  /** Write latin1 text; `done` once it is handed to the OS. */
  write(text: string, done?: () => void): void;
}

export interface TxOutcome {
  state: TxState;
  lines: string[];
  spec: TxSpec;
}

/**
 * Runs one transaction: applies the effects of the pure transition function (timers, writes,
 * prompt detection) and resolves when it reaches success or failure. Every timer is cleared
 * on the way out, so a timed-out command leaves nothing behind.
 */
export function runTransaction(args: {
  job: unknown;
  ctx: ActiveContext;
  spec: TxSpec;
  io: TxIo;
  attach: (tx: ActiveTx) => void;
}): Promise<TxOutcome> {
  const { ctx, spec, io } = args;
  return new Promise<TxOutcome>((resolve) => {
    let state: TxState = { stage: "writing" };
    let timer: NodeJS.Timeout | undefined;
    let quiet: NodeJS.Timeout | undefined;
    const lines: string[] = [];

    const apply = (effects: TxEffect[]) => {
      for (const e of effects) {
        switch (e.type) {
          case "expect-prompt":
            io.setExpectPrompt(e.on);
            break;
          case "write-command":
            io.write(`${ctx.command}\r`, () => feed({ type: "written" }));
            break;
          case "arm-timer":
            clearTimeout(timer);
            timer = setTimeout(() => feed({ type: "timeout" }), e.ms);
            break;
          case "arm-quiet":
            clearTimeout(quiet);
            quiet = setTimeout(() => feed({ type: "quiet" }), e.ms);
            break;
          case "send-data":
            io.write(`${ctx.data ?? ""}\x1a`);
            break;
          case "send-esc":
            io.write("\x1b");
            break;
        }
      }
    };

    const feed = (event: TxEvent) => {
      if (isDone(state)) return;
      const step = transition(state, event, spec);
      state = step.state;
      apply(step.effects);
      if (isDone(state)) {
        clearTimeout(timer);
        clearTimeout(quiet);
        resolve({ state, lines, spec });
      }
    };

    args.attach({
      job: args.job,
      ctx,
      feed,
      addLine: (line) => {
        if (isDone(state)) return;
        lines.push(line);
        feed({ type: "response" });
      },
    });
    const first = begin(spec);
    state = first.state;
    apply(first.effects);
  });
}
