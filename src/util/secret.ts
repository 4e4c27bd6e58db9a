import { z } from "zod";

/**
 * Secret-bearing config keys are marked once, in the schema, with `secret(…)`; the redacted view
 * of a config (what may be logged or published) is derived from those marks, so a new secret key
 * is hidden by declaring it, not by remembering to add its name to a list elsewhere.
 *
 * `"value"`: the whole value is a secret (PINs, passwords, one-time-code seeds).
 * `"url-password"`: a URL whose password part is a secret (`mqtt://user:pw@host`).
 */
export type SecretKind = "value" | "url-password";

interface SecretMeta {
  secret: SecretKind;
}

/** Marks a schema as holding a secret (see SecretKind). */
export function secret<T extends z.ZodType>(schema: T, kind: SecretKind = "value"): T {
  return schema.meta({ secret: kind } satisfies SecretMeta) as T;
}

/** The secret mark of a schema itself (not looking through wrappers). */
export function secretMark(schema: z.core.$ZodType): SecretKind | undefined {
  const meta = z.globalRegistry.get(schema) as Partial<SecretMeta> | undefined;
  const kind = meta?.secret;
  return kind === "value" || kind === "url-password" ? kind : undefined;
}
