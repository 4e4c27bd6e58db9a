import { isSmsgwError, SmsgwError } from "../errors.js";
import { parseBody, type SendBody, send } from "../mqtt/handlers/index.js";

/**
 * The send body of POST /api/v1/messages, also in the shapes of clients we do not control:
 * - Home Assistant's `rest` notify (`POST_JSON`): the text as `message` (its default
 *   `message_param_name`), the number under the `target_param_name` chosen (`number` or `to`;
 *   HA sends the first target as a string), and `title` when `title_param_name` is set;
 * - Traccar's SMS template `{"to": "{phone}", "message": "{message}"}`;
 * - the sms-gammu-gateway recipe `{"number": …, "text": …}`.
 * `message` stands for `text`, `number` and `phone` for `to`; a `title` becomes the text's first
 * line. Each field once: two names for one field are refused, naming them.
 */

const TEXT_NAMES = ["text", "message"] as const;
const TO_NAMES = ["to", "number", "phone"] as const;

const refusal = (field: string, message: string) =>
  new SmsgwError("mqtt.invalid-request", `\`${field}\`: ${message}`, {
    details: { fields: [{ field, message }] },
  });

/** The one name of `names` the body uses (undefined: none); two or more are refused. */
function oneOf(body: Record<string, unknown>, names: readonly string[]): string | undefined {
  const given = names.filter((n) => Object.hasOwn(body, n));
  if (given.length > 1)
    throw refusal(
      given[1] as string,
      `give one of ${given.map((n) => `\`${n}\``).join(" or ")}, not both: they name the same field`,
    );
  return given[0];
}

/** A refusal of the body as parsed → worded with the names the client used. */
function renamed(err: unknown, names: Map<string, string>): unknown {
  if (!isSmsgwError(err) || names.size === 0) return err;
  let message = err.message;
  for (const [ours, theirs] of names) message = message.replaceAll(`\`${ours}\``, `\`${theirs}\``);
  const fields = (err.details.fields as Array<{ field: string; message: string }> | undefined)?.map(
    (f) => {
      const top = f.field.split(".")[0] as string;
      const theirs = names.get(top);
      return theirs === undefined ? f : { ...f, field: theirs + f.field.slice(top.length) };
    },
  );
  return new SmsgwError(err.code, message, {
    details: { ...err.details, ...(fields === undefined ? {} : { fields }) },
  });
}

export function parseSendBody(raw: unknown): SendBody {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return parseBody(send, raw);
  const body: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const names = new Map<string, string>();
  const textName = oneOf(body, TEXT_NAMES);
  const toName = oneOf(body, TO_NAMES);
  if (textName !== undefined && textName !== "text") {
    body.text = body[textName];
    delete body[textName];
    names.set("text", textName);
  }
  if (toName !== undefined && toName !== "to") {
    body.to = body[toName];
    delete body[toName];
    names.set("to", toName);
  }
  if (Object.hasOwn(body, "title")) {
    const title = body.title;
    delete body.title;
    if (typeof title !== "string")
      throw refusal("title", "expected a string (the text's first line)");
    if (title.trim() !== "" && typeof body.text === "string") body.text = `${title}\n${body.text}`;
  }
  try {
    return parseBody(send, body);
  } catch (err) {
    throw renamed(err, names);
  }
}
