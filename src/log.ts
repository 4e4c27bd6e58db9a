import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Root logger. Level from SMSGW_LOG_LEVEL (default `info`; tests run `silent`).
 * Namespaces (`modem:at`, `mqtt`, …) are child loggers so one line says where it came from.
 * Secrets never reach here: the configuration is logged as its allow-listed summary or its
 * schema-redacted copy (config/redact.ts), and the AT trace masks the PIN. The `redact` paths
 * below are a last net for a stray `{ pin }` or `{ password }` field, not the protection.
 */
const defaultLevel =
  process.env.SMSGW_LOG_LEVEL ?? (process.env.VITEST !== undefined ? "silent" : "info");

/** Where lines go: stdout (journald) unless a test swaps it to read every line. */
let destination: DestinationStream = pino.destination({ dest: 1, sync: true });
const sink: DestinationStream = { write: (line: string) => destination.write(line) };

let root: Logger = pino(
  {
    level: defaultLevel,
    base: undefined,
    redact: {
      paths: ["password", "*.password", "pin", "*.pin", "puk", "*.puk", "secret", "*.secret"],
      censor: "[redacted]",
    },
  },
  sink,
);

export function setRootLogger(logger: Logger): void {
  root = logger;
}

export function setLogLevel(level: string): void {
  root.level = level;
}

/** Sends every log line (of loggers made before or after) to `to`; returns the undo. */
export function setLogDestination(to: DestinationStream): () => void {
  const before = destination;
  destination = to;
  return () => {
    destination = before;
  };
}

export function createLogger(namespace: string): Logger {
  return root.child({ ns: namespace });
}
