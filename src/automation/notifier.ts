import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { Priority } from "../sms/types.js";
import type { Contacts } from "./contacts.js";
import type { SmsPort } from "./ports.js";

const log = createLogger("automation:sms");

export interface NotifyOptions {
  priority?: Priority;
  /** Stable id: the SMS service keeps one message per id (and per recipient), so a retry after a restart never sends twice. */
  id?: string;
  validitySeconds?: number;
}

/**
 * Sends the automation's SMS through the service: recipients resolved (a group is one message
 * per member), failures logged, never thrown (an alert that cannot be queued must not stop
 * the others).
 */
export class Notifier {
  constructor(
    private readonly sms: SmsPort,
    private readonly contacts: Contacts,
  ) {}

  /** Resolves with the numbers queued to (empty when nothing could be queued). */
  async send(
    recipients: readonly string[],
    text: string,
    opts: NotifyOptions = {},
  ): Promise<string[]> {
    let numbers: string[];
    try {
      numbers = this.contacts.resolve(recipients);
    } catch (err) {
      log.error({ err: errorMessage(err) }, "cannot resolve recipients");
      return [];
    }
    return this.sendTo(numbers, text, opts);
  }

  async sendTo(numbers: string[], text: string, opts: NotifyOptions = {}): Promise<string[]> {
    if (numbers.length === 0) return [];
    try {
      await this.sms.send({
        to: numbers,
        text,
        priority: opts.priority ?? "normal",
        ...(opts.id === undefined ? {} : { id: opts.id }),
        ...(opts.validitySeconds === undefined ? {} : { validitySeconds: opts.validitySeconds }),
      });
      return numbers;
    } catch (err) {
      log.error(
        { err: errorMessage(err), to: numbers.length },
        "could not queue an automation SMS",
      );
      return [];
    }
  }
}
