import { createLogger } from "../../log.js";

const log = createLogger("sms:inbox");

/**
 * Runs inbox jobs one after another (a read and a sweep never handle the same SIM slot at
 * once). A failing job is logged and the queue carries on.
 */
export class JobQueue {
  private tail: Promise<void> = Promise.resolve();
  private count = 0;

  run(job: () => Promise<void>): Promise<void> {
    this.count++;
    const next = this.tail.then(job).catch((err: unknown) => {
      log.error({ err }, "inbox job failed");
    });
    this.tail = next.finally(() => {
      this.count--;
    });
    return next;
  }

  async idle(): Promise<void> {
    while (this.count > 0) await this.tail;
  }
}
