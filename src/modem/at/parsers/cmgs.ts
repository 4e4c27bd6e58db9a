import { findLine, paramsOf, parseError, splitFields, toInt, unquote } from "./fields.js";

/** `+CMGS: <mr>[,<scts>]` (27.005 §3.5.1; scts only with CSMS=1 and network support). */
export function parseCmgs(input: string | readonly string[]): { reference: number; scts?: string } {
  const line = findLine(input, "+CMGS");
  const [mr, scts] = splitFields(line === undefined ? "" : paramsOf(line, "+CMGS"));
  const reference = toInt(mr);
  if (line === undefined || reference === undefined || reference > 255)
    throw parseError("+CMGS", line);
  return scts === undefined || scts === "" ? { reference } : { reference, scts: unquote(scts) };
}

/** `+CSCA: "+27820000000",145` → the SMSC number and type of address. */
export function parseCsca(input: string | readonly string[]): { number: string; type?: number } {
  const line = findLine(input, "+CSCA");
  const [num, tosca] = splitFields(line === undefined ? "" : paramsOf(line, "+CSCA"));
  if (line === undefined || num === undefined) throw parseError("+CSCA", line);
  const type = toInt(tosca);
  return type === undefined ? { number: unquote(num) } : { number: unquote(num), type };
}
