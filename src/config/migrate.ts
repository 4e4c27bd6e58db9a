import { createLogger } from "../log.js";
import type { ConfigIssue } from "../util/config-issues.js";

const log = createLogger("config");

/**
 * The format of `smsgw.yaml` this smsgw reads, as its `version:` key says. A file without the
 * key is version 1, the first format, so every card already in the field is version 1. When a
 * later release changes the format it raises this number and adds a step from the old one:
 * cards written for an older release keep working, and the step says what it changed.
 */
export const CONFIG_VERSION = 1;

/** Turns a raw (not yet validated) document of format `from` into format `from + 1`. */
export interface MigrationStep {
  from: number;
  /** Rewrites `raw` in place; returns one note per change, logged at start-up. */
  migrate(raw: Record<string, unknown>): string[];
}

/** The steps, oldest first. Version 1 is the first format: none yet. */
export const MIGRATIONS: readonly MigrationStep[] = [];

export interface Migration {
  /** The version the document was written in. */
  from: number;
  notes: string[];
  issues: ConfigIssue[];
}

/**
 * Brings a raw document to the current format, before the environment overrides (which are
 * always in the current format) and the schema see it.
 */
export function migrateConfig(
  raw: Record<string, unknown>,
  steps: readonly MigrationStep[] = MIGRATIONS,
  current: number = CONFIG_VERSION,
): Migration {
  const written = raw.version ?? 1;
  if (typeof written !== "number" || !Number.isInteger(written) || written < 1)
    return {
      from: 1,
      notes: [],
      issues: [{ path: "version", message: `must be a whole number from 1 to ${current}` }],
    };
  if (written > current)
    return {
      from: written,
      notes: [],
      issues: [
        {
          path: "version",
          message: `this file is for a newer smsgw (format ${written}); this one reads formats 1 to ${current}`,
        },
      ],
    };
  const notes: string[] = [];
  for (let v = written; v < current; v++) {
    const step = steps.find((s) => s.from === v);
    if (step === undefined)
      return {
        from: written,
        notes,
        issues: [{ path: "version", message: `no migration from format ${v} to ${v + 1}` }],
      };
    notes.push(...step.migrate(raw));
  }
  if (written < current || "version" in raw) raw.version = current;
  for (const note of notes) log.warn({ from: written, to: current }, `config migrated: ${note}`);
  return { from: written, notes, issues: [] };
}
