import { type ErrorCode, SmsgwError } from "../errors.js";

/** `store.corrupt`: no good copy of a store file could be found; names the files. */
export function corruptError(file: string, problems: string[]): SmsgwError {
  return new SmsgwError(
    "store.corrupt",
    `store file ${file} is damaged and no good copy was found (${problems.join("; ")}); ` +
      "restore it from a backup, or start with an empty store explicitly (onCorrupt: start-fresh)",
    { details: { file, problems } },
  );
}

/** `store.full` (or the caller's code, e.g. `sms.queue-full`): a bounded queue refuses work. */
export function fullError(
  code: ErrorCode,
  file: string,
  used: number,
  limit: number,
  adding: number,
): SmsgwError {
  return new SmsgwError(
    code,
    `queue is full: ${used} of ${limit} places used, cannot take ${adding} more`,
    { details: { file, used, limit, adding } },
  );
}

export function closedError(file: string): SmsgwError {
  return new SmsgwError("store.closed", `store file ${file} is closed`, { details: { file } });
}

export function lockedError(file: string): SmsgwError {
  return new SmsgwError(
    "store.locked",
    `store file ${file} is already open in this process; open it once and share the instance`,
    { details: { file } },
  );
}

/**
 * A write changed more than its callers named (`touched`): a programming error, found by the
 * verify mode. Plain Error, not a catalogued code: no user or client can cause or handle it.
 */
export function unnamedChangeError(file: string, missed: string[]): Error {
  const shown = missed.slice(0, 5).map((op) => (op.length > 120 ? `${op.slice(0, 120)}…` : op));
  return new Error(
    `store file ${file}: a write changed what its callers did not name in \`touched\` ` +
      `(${missed.length} unnamed op(s): ${shown.join(" ")})`,
  );
}
