import type { DoctorReport } from "./types.js";

/** `--json`: the report as one pretty-printed object (field names documented in types.ts). */
export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
