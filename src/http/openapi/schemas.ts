import { z } from "zod";
import { COMMAND_OUTCOMES } from "../../command-outcomes.js";
import { messageId } from "../../mqtt/handlers/body.js";
import { sendBody } from "../../mqtt/handlers/send.js";
import { ADDRESS_TYPES } from "../../sms/address-type.js";
import { batchBody } from "../batches/plan.js";
import { previewBody } from "../preview.js";
import { tokenCreateBody } from "../routes/token-body.js";
import { SCOPES } from "../tokens.js";

/**
 * The shapes of the HTTP API's answers as zod schemas, for the OpenAPI document (requests are
 * described by the schemas that validate them). A test checks real answers against these, so
 * they stay true to the TypeScript types the routes return.
 */

/** Schemas named in the document's `components.schemas`, by the direction they travel. */
export const NAMED = {
  input: new Map<z.ZodType, string>(),
  output: new Map<z.ZodType, string>(),
};

function named<S extends z.ZodType>(name: string, schema: S, io: "input" | "output"): S {
  NAMED[io].set(schema, name);
  return schema;
}

const encoding = z.enum(["gsm7", "ucs2", "8bit"]);
const outboundStatus = z.enum([
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "expired",
  "cancelled",
]);
const isoTime = z.string().describe("ISO 8601 time");

export const problemSchema = named(
  "Problem",
  z
    .object({
      status: z.literal("error"),
      code: z.string().describe("The error code (docs/errors.md), e.g. `sms.invalid-number`"),
      error: z.string().describe("What went wrong, in a sentence"),
      fields: z
        .array(
          z.object({
            field: z.string().describe('The field (`a.b` for nested ones; "" for the whole body)'),
            message: z.string(),
          }),
        )
        .optional()
        .describe("Every problem with the field it is about (400)"),
    })
    .describe("Every error answer"),
  "output",
);

export const sentMessageSchema = named(
  "SentMessage",
  z.object({
    id: z.string(),
    to: z.string().describe("The number, international with +"),
    parts: z.number().int().describe("How many SMS the text takes"),
    encoding,
    status: outboundStatus,
    deliveryReport: z
      .boolean()
      .describe("A status report was asked for: wait for `delivered`, not `sent`"),
  }),
  "output",
);

export const sendResponseSchema = named(
  "SendResponse",
  z
    .union([sentMessageSchema, z.object({ messages: z.array(sentMessageSchema) })])
    .describe("One recipient: the message; a list: `messages`, one per number"),
  "output",
);

const messageError = z.object({
  code: z.string(),
  message: z.string(),
  cms: z.number().int().optional().describe("The modem's +CMS ERROR number"),
});

export const messageSchema = named(
  "Message",
  z.object({
    id: z.string(),
    to: z.string(),
    status: outboundStatus,
    parts: z.number().int(),
    partsSent: z.number().int(),
    at: isoTime.describe("The time of the last change"),
    error: messageError.optional().describe("Why it failed"),
    encoding,
    priority: z.enum(["high", "normal", "low"]),
    createdAt: isoTime,
    updatedAt: isoTime,
    text: z.string().optional().describe("Only for `admin` tokens"),
  }),
  "output",
);

export const messagePageSchema = named(
  "MessagePage",
  z.object({
    messages: z.array(messageSchema),
    nextCursor: z.string().optional().describe("Absent on the last page"),
  }),
  "output",
);

export const cancelledSchema = named(
  "MessageStatus",
  z
    .object({
      id: z.string(),
      to: z.string(),
      status: outboundStatus,
      parts: z.number().int(),
      partsSent: z.number().int(),
      error: messageError.optional(),
      at: isoTime,
    })
    .describe("The payload of `<base>/status/<id>` on MQTT"),
  "output",
);

export const inboundSchema = named(
  "ReceivedMessage",
  z.object({
    id: z.string(),
    from: z.string(),
    text: z.string(),
    receivedAt: isoTime,
    smsc: z.string().nullable(),
    parts: z.number().int(),
    complete: z.boolean().describe("false: a multipart message whose other parts never came"),
    missingParts: z.array(z.number().int()).optional(),
    encoding,
    class: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.null()]),
    timestamp: isoTime.optional().describe("The SMSC's time stamp of the (first) part"),
    addressType: z
      .enum(ADDRESS_TYPES)
      .optional()
      .describe("How the network typed the sender; `alphanumeric` is a name, not a number"),
    command: z
      .literal(true)
      .optional()
      .describe("The message was a remote-command attempt (absent for any other message)"),
    commandOutcome: z
      .enum(COMMAND_OUTCOMES)
      .optional()
      .describe("With `command`: how the attempt ended (`ok`: it ran)"),
  }),
  "output",
);

export const inboxPageSchema = named(
  "ReceivedPage",
  z.object({
    messages: z.array(inboundSchema),
    nextCursor: z.string().optional().describe("Absent on the last page"),
  }),
  "output",
);

export const previewSchema = named(
  "Preview",
  z.object({
    encoding,
    segments: z.number().int().describe("How many SMS the text costs"),
    parts: z.array(z.string()).describe("The text of each SMS, in order"),
    ucs2Characters: z
      .array(z.string())
      .describe("The characters the GSM alphabet lacks: they made the text UCS-2"),
    maxParts: z.number().int().describe("sms.maxParts: a longer text is refused by a send (413)"),
    fits: z.boolean(),
  }),
  "output",
);

const nullableString = z.string().nullable();

export const modemSchema = named(
  "Modem",
  z
    .object({
      state: z.string(),
      available: z.boolean().describe("Whether the readings below are current"),
      reason: nullableString.describe("Why the modem is in its state (`no-port`, `no-network`, …)"),
      operator: nullableString,
      registration: nullableString,
      accessTechnology: nullableString,
      signal: z
        .object({
          rssi: z.number().nullable(),
          dbm: z.number().nullable(),
          percent: z.number().nullable(),
        })
        .nullable(),
      sim: nullableString,
      smsc: nullableString,
      storage: z.object({ used: z.number().int(), total: z.number().int() }).nullable(),
      manufacturer: nullableString,
      model: nullableString,
      clock: z.enum(["synchronised", "unsynchronised", "unknown"]).optional(),
      updatedAt: isoTime,
    })
    .describe("The payload of `<base>/modem` on MQTT"),
  "output",
);

export const batchSchema = named(
  "Batch",
  z
    .object({
      id: z.string(),
      createdAt: isoTime,
      priority: z.enum(["low", "normal"]),
      total: z.number().int().describe("How many numbers the batch sends to"),
      counts: z
        .record(z.enum([...outboundStatus.options, "missing"]), z.number().int())
        .describe("How many messages are in each status"),
      done: z.boolean().describe("Nothing left to send: none queued, sending or missing"),
      cancelledAt: isoTime.optional().describe("When the batch was cancelled"),
      messages: z.array(
        z.object({
          id: z.string().describe("`<batch id>:<n>`, a message id of `/api/v1/messages/{id}`"),
          to: z.string(),
          status: z
            .enum([...outboundStatus.options, "missing"])
            .describe("`missing`: never queued (the request failed part-way; send it again)"),
        }),
      ),
    })
    .describe("Where each message of a batch stands"),
  "output",
);

export const optOutSchema = named(
  "OptOut",
  z.object({
    number: z.string().describe("International with +"),
    since: isoTime.describe("When it was added"),
    source: z.enum(["sms", "api"]).describe("`sms`: the number sent a stop keyword"),
    keyword: z.string().optional().describe("The stop keyword it sent, upper case"),
  }),
  "output",
);

export const optOutListSchema = named(
  "OptOutList",
  z.object({
    enabled: z.boolean().describe("`sms.optOut.enabled`: off, the list holds nothing back"),
    optOuts: z.array(optOutSchema),
  }),
  "output",
);

export const optOutRemovedSchema = z.object({ number: z.string(), removed: z.literal(true) });

const scope = z.enum(SCOPES);

export const tokenInfoSchema = named(
  "Token",
  z
    .object({
      id: z.string().describe("12 hex digits: the `<id>` of `smsgw_<id>_…`"),
      name: z.string(),
      scopes: z.array(scope),
      createdAt: isoTime,
    })
    .describe("A token without its secret (only its hash is kept)"),
  "output",
);

export const tokenListSchema = named(
  "TokenList",
  z.object({ tokens: z.array(tokenInfoSchema) }),
  "output",
);

export const createdTokenSchema = named(
  "CreatedToken",
  tokenInfoSchema.extend({
    token: z.string().describe("The secret: in this answer and nowhere else, ever"),
  }),
  "output",
);

export const tokenRevokedSchema = z.object({ id: z.string(), revoked: z.literal(true) });

export const openApiDocumentSchema = z
  .object({ openapi: z.string(), info: z.object({}).loose(), paths: z.object({}).loose() })
  .loose()
  .describe("This document");

/** A message id in a path: URL-encode `:` and `+` (`h-list%3A%2B491701111111`). */
export const messageIdParams = z.object({ id: messageId() });
export const inboxIdParams = z.object({ id: z.string().min(1) });
export const batchIdParams = z.object({
  id: z.string().describe("The batch id: 1 to 64 letters, digits, `_` or `-`"),
});
export const optOutNumberParams = z.object({
  number: z.string().describe("The phone number, URL-encoded (`%2B491701234567`)"),
});
export const tokenIdParams = z.object({
  id: z.string().describe("The token's id: the 12 hex digits of `smsgw_<id>_…`"),
});

named("SendRequest", sendBody, "input");
named("PreviewRequest", previewBody, "input");
named("BatchRequest", batchBody, "input");
named("TokenRequest", tokenCreateBody, "input");

export const commandAttemptSchema = named(
  "CommandAttempt",
  z.object({
    sender: z.string(),
    command: z.string().describe("The command as sent, without the code or PIN"),
    name: z.string().optional().describe("The matched command, when one matched"),
    outcome: z.enum(COMMAND_OUTCOMES),
    lockedUntil: isoTime.optional().describe("With `lockout-started`: until when"),
    scope: z.enum(["user", "route"]).optional().describe("With `lockout-started`"),
    via: z.literal("call").optional().describe("A call trigger, not an SMS"),
    messageId: z.string().optional().describe("The received SMS (`/api/v1/inbox/{id}`)"),
    at: isoTime,
  }),
  "output",
);

export const commandAuditSchema = named(
  "CommandAudit",
  z.object({ attempts: z.array(commandAttemptSchema).describe("Newest first") }),
  "output",
);
