import { z } from "zod";
import { ident, text } from "./fields.js";

/** `automation.contacts`: names and groups of numbers. */

export const contactsSchema = z.strictObject({
  /** name → phone number. */
  numbers: z
    .record(ident, text().pipe(z.string().min(1)))
    .default({})
    .describe("Contact name → phone number"),
  /** group → members (contact names or numbers). */
  groups: z
    .record(ident, z.array(text().pipe(z.string().min(1))).min(1))
    .default({})
    .describe("Group name → members (contact names or numbers); a group sends one SMS per member"),
});
