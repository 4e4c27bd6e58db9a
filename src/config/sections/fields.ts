import { z } from "zod";

/** Field types the configuration's sections share. */

/** YAML reads `pin: 1234` as a number; a PIN, a phone number or a name is text. */
export const text = () => z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());

export const seconds = (def: number) =>
  z.number().positive("must be a positive number of seconds").default(def);
export const count = () => z.number().int("must be a whole number").positive("must be at least 1");
export const gpioLevel = z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" });
export const bcmPin = z.number().int().min(0, "BCM pins are 0–27").max(27, "BCM pins are 0–27");
