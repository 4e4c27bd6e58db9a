import { PduError } from "./errors.js";

/** Option checks shared by the encoders: callers may pass parsed JSON, so types are checked too. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== "string") throw new PduError("invalid-option", `${name} must be a string`);
  return value;
}

export function optionalInt(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new PduError("invalid-option", `${name} must be an integer ${min}–${max}`);
  return value;
}

export function randomRef(max: number): number {
  return Math.floor(Math.random() * (max + 1));
}
