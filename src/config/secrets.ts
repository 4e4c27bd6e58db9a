import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ConfigIssue } from "../util/config-issues.js";

/** Secret → the key naming the file that may hold it (Docker/systemd credentials style). */
const SECRET_FILES: ReadonlyArray<{ section: string; secret: string; file: string }> = [
  { section: "modem", secret: "pin", file: "pinFile" },
  { section: "mqtt", secret: "password", file: "passwordFile" },
];

/**
 * Reads `modem.pinFile` / `mqtt.passwordFile` into `modem.pin` / `mqtt.password` when those
 * are not given directly (a value in the file or the environment wins). The first line of the
 * file is the secret. Problems come back as issues; the secret itself is never in a message.
 */
export async function readSecretFiles(
  root: Record<string, unknown>,
  baseDir: string,
  origin: Map<string, string>,
): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  for (const { section, secret, file } of SECRET_FILES) {
    const node = root[section];
    if (node === null || typeof node !== "object" || Array.isArray(node)) continue;
    const sec = node as Record<string, unknown>;
    const path = sec[file];
    if (typeof path !== "string" || path === "" || sec[secret] !== undefined) continue;
    try {
      const text = await readFile(resolve(baseDir, path), "utf8");
      sec[secret] = (text.split(/\r?\n/)[0] ?? "").trim();
      origin.set(`${section}.${secret}`, `${section}.${file}`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      issues.push({ path: `${section}.${file}`, message: `cannot read ${path} (${code})` });
    }
  }
  return issues;
}
