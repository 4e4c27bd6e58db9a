import { z } from "zod";
import { parseCommandPattern, restArgNames } from "../command-pattern.js";
import { placeholders } from "../template.js";
import { ident, topicFilter } from "./fields.js";

/** `automation.commands`: SMS commands, what they publish and reply. */

export const valueSourceSchema = z.strictObject({
  topic: topicFilter.describe("MQTT topic whose latest message is the value"),
  /** Field of a JSON payload (`temperature`, `sensors[0].value`); omit for the raw payload. */
  path: z
    .string()
    .min(1)
    .optional()
    .describe("Field of a JSON payload (temperature, sensors[0].value); omit for the raw payload"),
});

export const publishSchema = z.strictObject({
  /** Template: `home/relay/{{name}}/set`. */
  topic: z.string().min(1).describe("Topic template, e.g. home/relay/{{name}}/set"),
  /** Template: `{{state}}` or `{"state": {{state|json}}}`. */
  payload: z
    .string()
    .default("")
    .describe("Payload template, e.g. {{state}} or a JSON literal with {{state|json}}"),
  qos: z
    .union([z.literal(0), z.literal(1)])
    .default(1)
    .describe("MQTT QoS of the publish (0 or 1)"),
  retain: z.boolean().default(false).describe("Publish retained"),
});

export const commandSchema = z
  .strictObject({
    name: ident.describe("Command name, used in allow lists"),
    /** `RELAY <name> <state:ON|OFF>`, `TEMP?`, `HEAT <minutes:int>`, `SAY <text...>`. */
    pattern: z
      .string()
      .superRefine((p, ctx) => {
        try {
          parseCommandPattern(p);
        } catch (err) {
          ctx.addIssue({
            code: "custom",
            message: err instanceof Error ? err.message : String(err),
          });
        }
      })
      .describe(
        "What the SMS must say: RELAY <name> <state:ON|OFF>, TEMP?, HEAT <minutes:int>, SAY <text...>",
      ),
    description: z.string().optional().describe("Shown by HELP"),
    /** Whether the one-time code / PIN is required (default yes). */
    secret: z.boolean().default(true).describe("Whether the one-time code or PIN is required"),
    publish: z
      .array(publishSchema)
      .default([])
      .describe("MQTT messages published when the command runs"),
    /** Latest values of MQTT topics, usable in `reply` as `{{<key>}}`. */
    values: z
      .record(ident, valueSourceSchema)
      .default({})
      .describe("Latest values of MQTT topics, usable in reply as {{<key>}}"),
    reply: z.string().min(1).default("OK").describe("Reply template sent to the sender"),
  })
  .superRefine((c, ctx) => {
    // The rest of an SMS may hold `/`: in a topic it would add levels the owner never wrote.
    let rest: string[];
    try {
      rest = restArgNames(parseCommandPattern(c.pattern));
    } catch {
      return; // reported on `pattern`
    }
    c.publish.forEach((p, i) => {
      const used = placeholders(p.topic).find((k) => rest.includes(k.replace(/^args\./, "")));
      if (used !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["publish", i, "topic"],
          message: `"${used}" is the rest of the message: use it in the payload, not in a topic`,
        });
    });
  });
