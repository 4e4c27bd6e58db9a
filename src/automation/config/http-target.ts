import { z } from "zod";
import { urlRefusal } from "../../util/url-policy.js";

/**
 * A legacy HTTP receiver of received SMS (playSMS, RapidPro/Courier, Kannel-style `get-url`
 * and `post-url`): the URL, the query parameters and the body are templates with Kannel's
 * escape codes (`%p` sender, `%a` text, `%t` time, …) and `{{from}}`-style placeholders.
 */
export const httpTargetSchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe(
        "Receiver URL; may hold Kannel escapes (%p, %a, %t …), URL-encoded when substituted",
      ),
    method: z
      .enum(["GET", "POST"])
      .default("GET")
      .describe("GET: params in the query; POST: params as a form body, or the body template"),
    params: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        "Parameters, name → template (%p, {{from}} …); added to the query (GET) or sent as a form (POST)",
      ),
    body: z
      .string()
      .optional()
      .describe("POST body template; a JSON template ({…}) escapes each value as JSON"),
    contentType: z
      .string()
      .optional()
      .describe(
        "Content-Type of the body; default: application/json for a JSON template, form otherwise",
      ),
    headers: z.record(z.string(), z.string()).default({}).describe("Extra request headers"),
    allowHttp: z
      .boolean()
      .default(false)
      .describe(
        "Allow plain http:// (a LAN receiver); https:// otherwise, except to the gateway itself",
      ),
    caFile: z.string().min(1).optional().describe("PEM file of a private CA for the receiver"),
  })
  .superRefine((t, ctx) => {
    const refusal = urlRefusal(t.url.replace(/%./g, "x"), t.allowHttp);
    if (refusal !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: refusal });
    if (t.body !== undefined && t.params !== undefined)
      ctx.addIssue({ code: "custom", path: ["body"], message: "give params or body, not both" });
    if (t.body !== undefined && t.method === "GET")
      ctx.addIssue({ code: "custom", path: ["body"], message: "a body needs method: POST" });
  });

export type HttpTargetConfig = z.output<typeof httpTargetSchema>;
