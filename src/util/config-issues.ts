import type { z } from "zod";
import { SmsgwError } from "../errors.js";
import { keysAt, nearestKey } from "./did-you-mean.js";

/** One problem in the configuration: the key path (`mqtt.url`, `contacts.1.number`) and why. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export const formatPath = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/**
 * zod's issues as config issues; an unknown key is reported at its own path, with the nearest
 * valid key of its section when `schema` (the one that was parsed) is given.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  schema?: z.core.$ZodType,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const i of issues) {
    if (i.code === "unrecognized_keys") {
      const valid = schema === undefined ? [] : keysAt(schema, i.path);
      for (const key of i.keys) {
        const near = nearestKey(key, valid);
        out.push({
          path: formatPath([...i.path, key]),
          message:
            near === undefined
              ? "unknown key (misspelt, or in the wrong section?)"
              : `unknown key; did you mean "${near}"?`,
        });
      }
      continue;
    }
    let message = i.message;
    if (i.code === "invalid_type" && message.endsWith("received undefined")) message = "required";
    out.push({ path: formatPath(i.path), message });
  }
  return out;
}

/** `config.invalid` with every issue, one per line in the message. */
export function configError(issues: ConfigIssue[], source: string | null): SmsgwError {
  const where = source === null ? "the configuration" : source;
  const lines = issues.map((i) => `  ${i.path || "(top level)"}: ${i.message}`);
  return new SmsgwError(
    "config.invalid",
    `${where} has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${lines.join("\n")}`,
    { details: { issues, source } },
  );
}
