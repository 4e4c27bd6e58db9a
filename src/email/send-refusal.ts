import { isSmsgwError } from "../errors.js";
import { SmtpRefusal } from "./smtp-refusal.js";

/**
 * The SMTP reply for a send the SMS service refused: 5xx where the same mail would be refused
 * again (the client bounces it to its sender), 4xx where later may work (the client retries).
 */
export function refusalOfSendError(err: unknown): SmtpRefusal {
  if (!isSmsgwError(err))
    return new SmtpRefusal(451, "4.3.0", "could not queue the SMS; try later");
  switch (err.code) {
    case "sms.too-many-parts":
    case "pdu.too-many-parts":
      return new SmtpRefusal(
        554,
        "5.3.4",
        `text too long for SMS: ${err.message} (sms.maxParts); shorten it or send the subject only`,
      );
    case "sms.empty-text":
      return new SmtpRefusal(554, "5.6.0", "the mail has no text");
    case "sms.destination-denied":
      return new SmtpRefusal(554, "5.7.1", `destination not allowed: ${err.message}`);
    case "sms.invalid-number":
      return new SmtpRefusal(554, "5.1.1", err.message);
    case "sms.invalid-request":
    case "pdu.unencodable":
      return new SmtpRefusal(554, "5.6.0", err.message);
    case "sms.queue-full":
    case "store.full":
      return new SmtpRefusal(452, "4.3.1", "the SMS queue is full; try later");
    case "sms.too-many-recipients":
      return new SmtpRefusal(452, "4.5.3", err.message);
    default:
      return new SmtpRefusal(451, "4.3.0", "could not queue the SMS; try later");
  }
}
