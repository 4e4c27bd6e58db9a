import { findLine, paramsOf, parseError, splitFields, toInt, unquote } from "./fields.js";

export interface Operator {
  /** 0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic. */
  mode: number;
  /** 0 long alphanumeric, 1 short alphanumeric, 2 numeric (MCC+MNC). */
  format?: number;
  oper?: string;
  /** 27.007 AcT (0 GSM … 7 E-UTRAN …). */
  act?: number;
  /** MCC/MNC when the operator is numeric. */
  mcc?: string;
  mnc?: string;
}

/** `+COPS: 1,0,"CHINA MOBILE",7`, `+COPS: 1,2,"46000"`, `+COPS: 0` (not registered). */
export function parseCops(input: string | readonly string[]): Operator {
  const line = findLine(input, "+COPS");
  const f = splitFields(line === undefined ? "" : paramsOf(line, "+COPS"));
  const mode = toInt(f[0]);
  if (line === undefined || mode === undefined) throw parseError("+COPS", line);
  const out: Operator = { mode };
  const format = toInt(f[1]);
  if (format !== undefined) out.format = format;
  if (f[2] !== undefined && f[2] !== "") out.oper = unquote(f[2]);
  const act = toInt(f[3]);
  if (act !== undefined) out.act = act;
  if (format === 2 && out.oper !== undefined && /^\d{5,6}$/.test(out.oper)) {
    out.mcc = out.oper.slice(0, 3);
    out.mnc = out.oper.slice(3);
  }
  return out;
}
