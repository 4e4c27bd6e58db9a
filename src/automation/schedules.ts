import { createTask, type ScheduledTask } from "node-cron";
import { errorMessage, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import { STATUS_TEXT } from "./builtins.js";
import type { Clock } from "./clock.js";
import type { ScheduleConfig } from "./config-schema.js";
import type { Notifier } from "./notifier.js";
import type { HousekeepingTasks } from "./ports.js";
import type { StateStore } from "./state.js";
import { renderTemplate, type TemplateValues } from "./template.js";

const log = createLogger("automation:schedules");

export const REPORT_TEXT = `Daily report: ${STATUS_TEXT}`;

export interface SchedulerOptions {
  jobs: ScheduleConfig[];
  notifier: Notifier;
  state: StateStore;
  clock: Clock;
  housekeeping: HousekeepingTasks;
  /** Values for message templates and the status report. */
  status: () => TemplateValues;
}

/**
 * Jobs on cron schedules (node-cron 4, with a time zone each): scheduled messages, the daily
 * status report and the gateway's housekeeping. For missed runs each job remembers the run it
 * expects next; if that time has passed when the gateway starts, the run was missed while it
 * was down, and the job's `missed` setting decides: `skip`, or `run-once` now.
 */
export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: SchedulerOptions) {
    for (const job of o.jobs)
      if (job.type === "housekeeping" && o.housekeeping[job.task] === undefined)
        throw new SmsgwError(
          "config.invalid",
          `schedules "${job.name}": no housekeeping task "${job.task}" (known: ${Object.keys(o.housekeeping).join(", ") || "none"})`,
        );
  }

  async start(): Promise<void> {
    const now = this.o.clock.now();
    await this.forgetRemovedJobs();
    for (const job of this.o.jobs) {
      const task = createTask(job.cron, (ctx) => this.enqueue(() => this.run(job, ctx.date)), {
        name: `smsgw-${job.name}`,
        noOverlap: true,
        ...(job.timeZone === undefined ? {} : { timezone: job.timeZone }),
        logger: cronLogger,
      });
      this.tasks.set(job.name, task);
      const rec = this.o.state.data.schedules[job.name];
      const missed =
        rec?.expression === job.cron && rec.nextDue !== undefined && rec.nextDue <= now;
      await task.start();
      if (missed && job.missed === "run-once") {
        log.info(
          { job: job.name, due: new Date(rec.nextDue ?? 0).toISOString() },
          "running a job missed while down",
        );
        void this.enqueue(() => this.run(job, new Date(rec.nextDue ?? now)));
      } else {
        if (missed) log.info({ job: job.name }, "skipping a run missed while down");
        await this.remember(job, rec?.lastRun);
      }
    }
  }

  async stop(): Promise<void> {
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const t of tasks) await t.destroy();
    await this.idle();
  }

  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  /** Runs a job now (also what a cron tick does). */
  async run(job: ScheduleConfig, slot: Date): Promise<void> {
    try {
      await this.execute(job, slot);
    } catch (err) {
      log.error({ job: job.name, err: errorMessage(err) }, "scheduled job failed");
    }
    await this.remember(job, this.o.clock.now());
  }

  private async execute(job: ScheduleConfig, slot: Date): Promise<void> {
    // A stable id per slot: a run repeated after a crash queues the same message, not a second.
    const id = `sched:${job.name}:${slot.toISOString()}`;
    const values = { ...this.o.status(), job: job.name, date: slot.toISOString().slice(0, 10) };
    switch (job.type) {
      case "message":
        await this.o.notifier.send(job.to, renderTemplate(job.text, values), { id });
        return;
      case "status-report":
        await this.o.notifier.send(job.to, renderTemplate(job.text ?? REPORT_TEXT, values), { id });
        return;
      case "housekeeping":
        log.info({ job: job.name, task: job.task }, "housekeeping");
        await this.o.housekeeping[job.task]?.();
        return;
    }
  }

  private async remember(job: ScheduleConfig, lastRun: number | undefined): Promise<void> {
    const next = this.tasks.get(job.name)?.getNextRun();
    await this.o.state.update((s) => {
      s.schedules[job.name] = {
        expression: job.cron,
        ...(lastRun === undefined ? {} : { lastRun }),
        ...(next == null ? {} : { nextDue: next.getTime() }),
      };
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.chain = this.chain
      .then(job)
      .catch((err: unknown) =>
        log.error({ err: errorMessage(err) }, "schedule bookkeeping failed"),
      );
    return this.chain;
  }

  private async forgetRemovedJobs(): Promise<void> {
    const names = new Set(this.o.jobs.map((j) => j.name));
    const stale = Object.keys(this.o.state.data.schedules).filter((n) => !names.has(n));
    if (stale.length === 0) return;
    await this.o.state.update((s) => {
      for (const n of stale) delete s.schedules[n];
    });
  }
}

const cronLog = createLogger("automation:cron");
const cronLogger = {
  info: (m: string) => cronLog.debug(m),
  warn: (m: string) => cronLog.warn(m),
  error: (m: string | Error, err?: Error) => cronLog.error({ err }, String(m)),
  debug: (m: string | Error, err?: Error) => cronLog.debug({ err }, String(m)),
};
