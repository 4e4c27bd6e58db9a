import { access, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isMap, isScalar, parseDocument, visit, type YAMLError } from "yaml";
import { automationReferenceIssues } from "../automation/references.js";
import { SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { type ConfigIssue, configError, formatPath, fromZodIssues } from "../util/config-issues.js";
import { renamedKeysUsed } from "../util/renamed-keys.js";
import { applyOverrides, envOverrides } from "./env.js";
import { migrateConfig } from "./migrate.js";
import { type Config, configSchema } from "./schema.js";
import { readSecretFiles } from "./secrets.js";

const log = createLogger("config");

/** Looked at in this order when no `--config` is given. */
export const DEFAULT_CONFIG_PATHS: readonly string[] = ["./smsgw.yaml", "/etc/smsgw/smsgw.yaml"];

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when none was found (defaults and environment only). */
  source: string | null;
  /** Environment variables that were applied (names only: values may be secrets). */
  fromEnv: string[];
}

export interface LoadOptions {
  /** Explicit file (`--config`): must exist. */
  path?: string | undefined;
  env?: Record<string, string | undefined>;
  /** Where to look when `path` is not given. */
  searchPaths?: readonly string[];
}

/**
 * Reads, merges and validates the configuration: YAML file, then `SMSGW_*` environment
 * overrides, then secret files (`modem.pinFile`, `mqtt.passwordFile`), then the schema and
 * the cross-references it cannot see (automation recipients naming contacts). Throws
 * SmsgwError `config.invalid` listing every problem with its key path.
 */
export async function loadConfigFile(opts: LoadOptions = {}): Promise<LoadedConfig> {
  const env = opts.env ?? process.env;
  let source: string | null = null;
  let raw: unknown = {};
  if (opts.path !== undefined) source = resolve(opts.path);
  else {
    for (const candidate of opts.searchPaths ?? DEFAULT_CONFIG_PATHS) {
      if (await exists(candidate)) {
        source = resolve(candidate);
        break;
      }
    }
  }
  if (source !== null) raw = await readYaml(source);
  return { ...(await parseConfig(raw, { env, source })), source };
}

/** `loadConfig(path?, env?) → Config`: loadConfigFile for callers that need only the config. */
export async function loadConfig(
  path?: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Config> {
  return (await loadConfigFile({ path, env })).config;
}

/**
 * Validates a config given as an object (already parsed YAML, or built in code as `smsgw
 * demo` does), with the same environment and secret-file handling as a file.
 */
export async function parseConfig(
  input: unknown,
  opts: { env?: Record<string, string | undefined>; source?: string | null } = {},
): Promise<{ config: Config; fromEnv: string[] }> {
  const source = opts.source ?? null;
  if (input !== null && input !== undefined && (typeof input !== "object" || Array.isArray(input)))
    throw configError(
      [{ path: "", message: "the file must be a YAML mapping (modem:, mqtt:, …)" }],
      source,
    );
  const root: Record<string, unknown> =
    input === null || input === undefined ? {} : structuredClone(input as Record<string, unknown>);

  const migration = migrateConfig(root);
  if (migration.issues.length > 0) throw configError(migration.issues, source);

  const overrides = envOverrides(opts.env ?? {});
  applyOverrides(root, overrides);
  const origin = new Map<string, string>(overrides.map((o) => [formatPath(o.path), o.variable]));

  const baseDir = source === null ? process.cwd() : dirname(source);
  const issues: ConfigIssue[] = await readSecretFiles(root, baseDir, origin);

  const result = configSchema.safeParse(root);
  if (!result.success) issues.push(...fromZodIssues(result.error.issues, configSchema));
  else {
    issues.push(...(await checkFiles(result.data, baseDir)));
    issues.push(...automationReferenceIssues(result.data.automation, result.data.contacts));
  }
  if (issues.length > 0) {
    for (const i of issues) {
      const from = origin.get(i.path);
      if (from !== undefined) i.message += ` (from ${from})`;
    }
    throw configError(issues, source);
  }
  const config = result.data as Config;
  warnRenamedKeys(root);
  resolveTlsPaths(config, baseDir);
  return { config, fromEnv: overrides.map((o) => o.variable) };
}

/**
 * One warning per deprecated key (a duration once in ms or minutes, now in seconds), naming
 * the key to write instead and the value it was read as, so the fix is a copy and paste.
 */
function warnRenamedKeys(root: Record<string, unknown>): void {
  for (const u of renamedKeysUsed(configSchema, root)) {
    const at = u.at === "" ? "" : `${u.at}.`;
    log.warn(
      { key: `${at}${u.from}`, replacement: `${at}${u.to}`, seconds: u.seconds },
      `${at}${u.from} is deprecated: read as ${at}${u.to}: ${u.seconds} (seconds); write that instead`,
    );
  }
}

async function readYaml(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw configError([{ path: "", message: `cannot read the file (${code})` }], path);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // The first syntax error only: the parser's later errors are mostly the same mistake seen
  // again from further on (an unclosed bracket is also a bad indent, a bad key, …).
  const first = doc.errors[0];
  if (first !== undefined) throw yamlSyntaxError(first, path);
  if (doc.contents !== null && !isMap(doc.contents))
    throw configError(
      [{ path: "", message: "the file must be a YAML mapping (modem:, mqtt:, …)" }],
      path,
    );
  keepDigitStrings(doc);
  return doc.toJS() as unknown;
}

/**
 * `<file>:<line>:<column>: YAML syntax error: <reason>`, then the lines around it with a caret
 * under the spot, as compilers print it (editors jump to `file:line:column`).
 */
function yamlSyntaxError(e: YAMLError, path: string): SmsgwError {
  const [head = "", ...context] = e.message.split("\n");
  const reason = head.replace(/ at line \d+, column \d+:?$/, "");
  const at = e.linePos?.[0];
  const where = at === undefined ? path : `${path}:${at.line}:${at.col}`;
  const place = at === undefined ? "" : ` at line ${at.line}, column ${at.col}`;
  const snippet = context.filter((l, i) => l !== "" || i > 0).map((l) => `  ${l}`);
  while (snippet.at(-1)?.trim() === "") snippet.pop();
  return new SmsgwError(
    "config.invalid",
    [`${where}: YAML syntax error: ${reason}`, ...snippet].join("\n"),
    {
      details: {
        issues: [{ path: "", message: `YAML: ${reason}${place}` }],
        source: path,
        ...(at === undefined ? {} : { line: at.line, column: at.col }),
      },
    },
  );
}

/**
 * YAML 1.2 reads `0123` and `+4917…` as numbers; for PINs and phone numbers the leading 0 or +
 * matters, so such plain scalars stay text (the schema turns other numbers into text where it
 * wants text).
 */
export function keepDigitStrings(doc: ReturnType<typeof parseDocument>): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== "PLAIN" || typeof node.value !== "number") return;
      const src = (node as { source?: string }).source;
      if (src !== undefined && /^(\+\d|0\d)/.test(src)) node.value = src;
    },
  });
}

async function checkFiles(c: Config, baseDir: string): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  for (const key of ["ca", "cert", "key"] as const) {
    const file = c.mqtt.tls?.[key];
    if (file !== undefined && !(await exists(resolve(baseDir, file))))
      issues.push({ path: `mqtt.tls.${key}`, message: `cannot read ${file}` });
  }
  return issues;
}

function resolveTlsPaths(c: Config, baseDir: string): void {
  const tls = c.mqtt.tls;
  if (tls === undefined) return;
  for (const key of ["ca", "cert", "key"] as const) {
    const file = tls[key];
    if (file !== undefined) tls[key] = resolve(baseDir, file);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
