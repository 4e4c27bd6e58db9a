import { type Logger, pino } from "pino";
import { type LogEntry, type LogLevelName, LogRing } from "./log-ring.js";

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

/** Where log lines go: stdout, unless a command sends them elsewhere (the demo: a file). */
export interface LogDestination {
  write(line: string): unknown;
}

let destination: LogDestination = pino.destination({ dest: 1, sync: true });

/** The last lines, whatever the destination: the web UI shows them to admins. */
const ring = new LogRing(500);

const root: Logger = pino(
  {
    level: defaultLevel,
    base: undefined,
    redact: {
      paths: ["password", "*.password", "pin", "*.pin", "puk", "*.puk", "secret", "*.secret"],
      censor: "[redacted]",
    },
  },
  // Indirect, so that loggers created at import time follow a later setLogDestination.
  {
    write: (line: string) => {
      ring.write(line);
      return destination.write(line);
    },
  },
);

/** Sends every log line to `d` from now on; the returned function puts the previous one back. */
export function setLogDestination(d: LogDestination): () => void {
  const before = destination;
  destination = d;
  return () => {
    destination = before;
  };
}

export function setLogLevel(level: string): void {
  root.level = level;
}

export function createLogger(namespace: string): Logger {
  return root.child({ ns: namespace });
}

/** The newest `limit` log lines at `minLevel` or above (already redacted), newest last. */
export function recentLogLines(limit?: number, minLevel?: LogLevelName): LogEntry[] {
  return ring.recent(limit, minLevel);
}
