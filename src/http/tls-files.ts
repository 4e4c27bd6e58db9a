import { readFile } from "node:fs/promises";
import type { HttpConfig } from "../config/schema.js";
import { SmsgwError } from "../errors.js";

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

async function readPem(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new SmsgwError(
      "config.invalid",
      `http.tls.${key}: cannot read ${path} (${(err as Error).message})`,
    );
  }
}

/**
 * The certificate and key of `http.tls` (undefined without it). Read before anything else
 * starts, so a wrong path stops the gateway at once with the key named.
 */
export async function readTlsFiles(config: HttpConfig): Promise<TlsFiles | undefined> {
  const tls = config.tls;
  if (tls === undefined) return undefined;
  return { cert: await readPem(tls.cert, "cert"), key: await readPem(tls.key, "key") };
}
