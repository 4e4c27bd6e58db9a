import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Test vectors copied into test/fixtures/vectors (see its README for sources). */
export function loadVectors<T = Vector>(file: string): T[] {
  const path = fileURLToPath(new URL(`../../../fixtures/vectors/${file}`, import.meta.url));
  return (JSON.parse(readFileSync(path, "utf8")) as { vectors: T[] }).vectors;
}

export function loadPrimitives(): Record<string, Array<Record<string, unknown>>> {
  const path = fileURLToPath(new URL("../../../fixtures/vectors/primitives.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, Array<Record<string, unknown>>>;
}

export interface Vector {
  id: string;
  tier?: string;
  kind?: string;
  pdu: string | null;
  pdus?: string[] | null;
  has_smsc: boolean;
  expected: Record<string, unknown>;
  decode_with?: { locking_shift_language: number; single_shift_language: number } | null;
  encoder_inputs?: Record<string, unknown>;
  note?: string | null;
  [key: string]: unknown;
}

/**
 * Whether the PDU starts with an SMSC field. ModemManager's "no_smsc" encoder vectors are marked
 * has_smsc=false because they were built without an SMSC, yet they carry the empty SMSC octet
 * `00` (MM's msgstart is 1), so they are decoded with the field.
 */
export function startsWithSmscField(v: Vector): boolean {
  return v.has_smsc || v.id.startsWith("mm-test_create_pdu_");
}
