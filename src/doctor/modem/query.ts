import type { AtCommand, AtResponse, AtRunner } from "../../modem/at/index.js";

/** Per query: generous for a busy module, short enough that a dead one ends the report quickly. */
export const QUERY_TIMEOUT_MS = 5000;

export type Answer = { ok: true; lines: string[] } | { ok: false; error: unknown };

/** Runs one query; a refusal or timeout is an answer too (the report shows "unknown"). */
export async function ask(at: AtRunner, cmd: string | AtCommand): Promise<Answer> {
  const command: AtCommand =
    typeof cmd === "string" ? { command: cmd, timeoutMs: QUERY_TIMEOUT_MS } : cmd;
  try {
    const r: AtResponse = await at.run(command);
    return { ok: true, lines: r.lines };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The lines when it worked, else undefined. */
export async function lines(at: AtRunner, cmd: string | AtCommand): Promise<string[] | undefined> {
  const a = await ask(at, cmd);
  return a.ok ? a.lines : undefined;
}
