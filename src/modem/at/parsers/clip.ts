import { parseError, splitFields, unquote } from "./fields.js";

/** `+CLIP: "<number>",<type>[,<subaddr>,<satype>,<alpha>,<CLI validity>]` (27.007 §7.18). */
export interface ClipResult {
  /** The caller's number; "" when withheld or unavailable (validity 1 or 2). */
  number: string;
  type?: number;
}

export function parseClip(line: string): ClipResult {
  const m = /^\+CLIP:\s*(.*)$/i.exec(line.trim());
  if (m === null) throw parseError("+CLIP", line);
  const f = splitFields(m[1] ?? "");
  const number = unquote(f[0] ?? "");
  if (!/^\+?[0-9*#]*$/.test(number)) throw parseError("+CLIP", line);
  const type = Number(f[1]);
  const validity = Number(f[5]);
  const out: ClipResult = { number: validity === 1 || validity === 2 ? "" : number };
  if (Number.isInteger(type)) out.type = type;
  return out;
}
