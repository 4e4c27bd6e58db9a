import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import { judge, sameReading } from "./alert-condition.js";
import { AlertStore, alertKey, episodeId } from "./alert-store.js";
import { type Clock, inDailyWindow, msUntilWindowEnd } from "./clock.js";
import type { AlertRuleConfig, QuietHoursConfig } from "./config-schema.js";
import { payloadValue } from "./json-path.js";
import type { Notifier } from "./notifier.js";
import type { MqttMessageMeta, MqttPort } from "./ports.js";
import type { AlertRecord, StateStore } from "./state.js";
import { renderTemplate, type TemplateValues } from "./template.js";
import { hasWildcard } from "./topic-filter.js";

const log = createLogger("automation:alerts");

/** Timers and readings of one (rule, topic) pair; the persisted part is its AlertRecord. */
interface Runtime {
  rule: AlertRuleConfig;
  topic: string;
  last?: unknown;
  pending?: NodeJS.Timeout;
  silence?: NodeJS.Timeout;
  repeat?: NodeJS.Timeout;
  deferred?: NodeJS.Timeout;
  recoveryDue?: boolean;
}

export interface AlertEngineOptions {
  rules: AlertRuleConfig[];
  quietHours?: QuietHoursConfig | undefined;
  mqtt: MqttPort;
  notifier: Notifier;
  state: StateStore;
  clock: Clock;
}

/**
 * Sensor alerts. Each rule watches a topic filter; every concrete topic under it is its own
 * alert (`home/+/freezer` → one per freezer). Episodes (active, notified, last sent) are
 * persisted so a restart — and the retained value replayed on subscribe — does not alert again;
 * so is the start of a `forSeconds` wait, so a restart resumes it. Messages are handled one at
 * a time in arrival order.
 */
export class AlertEngine {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly unsubs: Array<() => Promise<void>> = [];
  private chain: Promise<void> = Promise.resolve();
  private running = false;
  private readonly store: AlertStore;

  constructor(private readonly o: AlertEngineOptions) {
    this.store = new AlertStore(o.state);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.store.forgetRemovedRules(this.o.rules);
    for (const rule of this.o.rules) {
      this.unsubs.push(
        await this.o.mqtt.subscribe(rule.topic, (topic, payload, meta) => {
          this.enqueue(() => this.onMessage(rule, topic, payload, meta));
        }),
      );
      // A sensor silent since before the start is silent too: watch known topics from now.
      if (rule.condition === "silent") {
        const topics = new Set(this.store.knownTopics(rule));
        if (!hasWildcard(rule.topic)) topics.add(rule.topic);
        for (const t of topics) this.armSilence(this.runtime(rule, t));
      }
      for (const t of this.store.knownTopics(rule)) this.restore(this.runtime(rule, t));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    const list = this.unsubs.splice(0);
    await Promise.all(list.map((u) => u().catch(() => undefined)));
    for (const r of this.runtimes.values())
      for (const t of [r.pending, r.silence, r.repeat, r.deferred]) clearTimeout(t);
    this.runtimes.clear();
    await this.idle();
  }

  /** Resolves when every message received so far has been handled. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain
      .then(job)
      .catch((err: unknown) => log.error({ err: errorMessage(err) }, "alert handling failed"));
  }

  private async onMessage(
    rule: AlertRuleConfig,
    topic: string,
    payload: Buffer,
    meta: MqttMessageMeta,
  ): Promise<void> {
    if (!this.running) return;
    const rt = this.runtime(rule, topic);
    if (rule.condition === "silent") {
      if (meta.retain) return; // an old message replayed by the broker says nothing about now
      this.armSilence(rt);
      if (this.store.record(rt)?.active) await this.recover(rt, {});
      return;
    }
    const value = payloadValue(payload, rule.value);
    if (value === undefined) return log.debug({ rule: rule.name, topic }, "no value in payload");
    const previous = rt.last;
    rt.last = value;
    if (rule.condition === "changed") {
      if (previous !== undefined && !sameReading(previous, value))
        await this.changed(rt, previous, value);
      return;
    }
    const rec = this.store.record(rt);
    const verdict = judge(rule, value, rec?.active === true);
    if (verdict === "enter") {
      if (rule.forSeconds === 0) await this.activate(rt);
      else if (rt.pending === undefined) await this.debounce(rt);
    } else if (verdict === "hold" && rec?.active !== true) {
      clearTimeout(rt.pending); // the condition did not hold for forSeconds
      rt.pending = undefined;
      await this.store.endHold(rt);
    } else if (verdict === "exit") await this.recover(rt, { value });
  }

  /** Fires forSeconds after the condition began to hold, counted from before a restart too. */
  private async debounce(rt: Runtime): Promise<void> {
    const now = this.o.clock.now();
    let since = this.store.holdingSince(rt);
    if (since === undefined || since > now) {
      since = now;
      await this.store.startHold(rt, since);
    }
    const wait = since + rt.rule.forSeconds * 1000 - now;
    if (wait <= 0) return this.activate(rt);
    rt.pending = setTimeout(() => {
      rt.pending = undefined;
      this.enqueue(() => this.activate(rt));
    }, wait);
  }

  private async changed(rt: Runtime, previous: unknown, value: unknown): Promise<void> {
    const rec = this.store.record(rt);
    const now = this.o.clock.now();
    if (rec?.lastSentAt !== undefined && now - rec.lastSentAt < rt.rule.cooldownSeconds * 1000)
      return;
    if (this.quiet(rt.rule) !== undefined) return; // a change is an event: nothing to send later
    await this.store.save(rt, { active: false, notified: true, since: now, lastSentAt: now });
    await this.send(rt, rt.rule.message, { value, previous });
  }

  private async activate(rt: Runtime): Promise<void> {
    if (!this.running) return;
    const rec = this.store.record(rt);
    if (rec?.active) return;
    if (rt.recoveryDue) {
      // Back before its recovery message went out: the same episode goes on, unannounced.
      rt.recoveryDue = false;
      await this.store.save(rt, { ...(rec as AlertRecord), active: true });
      return;
    }
    await this.store.save(rt, {
      active: true,
      notified: false,
      since: this.o.clock.now(),
      episode: (rec?.episode ?? 0) + 1,
      ...lastSent(rec),
    });
    await this.notify(rt);
  }

  /** Sends the alert now, or arms a timer for when cooldown and quiet hours allow it. */
  private async notify(rt: Runtime): Promise<void> {
    const rec = this.store.record(rt);
    if (!this.running || rec?.active !== true) return;
    const now = this.o.clock.now();
    const cooldownLeft =
      rec.lastSentAt === undefined || rec.notified
        ? 0
        : rec.lastSentAt + rt.rule.cooldownSeconds * 1000 - now;
    const wait = Math.max(cooldownLeft, this.quiet(rt.rule) ?? 0);
    if (wait > 0) return this.defer(rt, wait, () => this.notify(rt));
    // Queued (durably, under an id of this episode) before it counts as sent: a crash in
    // between sends it again at start, and the service's idempotent ids keep that one SMS.
    await this.send(rt, rt.rule.message, { value: rt.last }, episodeId(rt, rec));
    await this.store.save(rt, { ...rec, notified: true, lastSentAt: now });
    if (rt.rule.repeatSeconds !== undefined) this.armRepeat(rt, rt.rule.repeatSeconds * 1000);
  }

  private async recover(rt: Runtime, values: TemplateValues): Promise<void> {
    clearTimeout(rt.repeat);
    clearTimeout(rt.deferred);
    rt.repeat = rt.deferred = undefined;
    const rec = this.store.record(rt);
    if (rec === undefined || !rec.active) return;
    await this.store.save(rt, { ...rec, active: false });
    if (!rec.notified || rt.rule.recovery === undefined) return;
    rt.recoveryDue = true;
    await this.sendRecovery(rt, values);
  }

  private async sendRecovery(rt: Runtime, values: TemplateValues): Promise<void> {
    if (!this.running || rt.recoveryDue !== true || this.store.record(rt)?.active) return;
    const wait = this.quiet(rt.rule);
    if (wait !== undefined) return this.defer(rt, wait, () => this.sendRecovery(rt, values));
    rt.recoveryDue = false;
    await this.send(rt, rt.rule.recovery ?? "", values);
  }

  private armRepeat(rt: Runtime, ms: number): void {
    clearTimeout(rt.repeat);
    rt.repeat = setTimeout(() => {
      rt.repeat = undefined;
      this.enqueue(async () => {
        const rec = this.store.record(rt);
        if (rec?.active !== true) return;
        const wait = this.quiet(rt.rule);
        if (wait !== undefined) return this.armRepeat(rt, wait);
        await this.store.save(rt, { ...rec, lastSentAt: this.o.clock.now() });
        await this.send(rt, rt.rule.message, { value: rt.last, repeat: true });
        this.armRepeat(rt, (rt.rule.repeatSeconds ?? 0) * 1000);
      });
    }, ms);
  }

  private armSilence(rt: Runtime): void {
    clearTimeout(rt.silence);
    rt.silence = setTimeout(
      () => {
        rt.silence = undefined;
        this.enqueue(() => this.activate(rt));
      },
      (rt.rule.silentSeconds ?? 0) * 1000,
    );
  }

  private defer(rt: Runtime, ms: number, job: () => Promise<void>): void {
    clearTimeout(rt.deferred);
    rt.deferred = setTimeout(() => {
      rt.deferred = undefined;
      this.enqueue(job);
    }, ms);
  }

  /** After a restart: an unannounced active alert is announced when allowed; repeats go on. */
  private restore(rt: Runtime): void {
    const rec = this.store.record(rt);
    if (rec?.active !== true) return;
    if (!rec.notified) this.defer(rt, 0, () => this.notify(rt));
    else if (rt.rule.repeatSeconds !== undefined) {
      const due = (rec.lastSentAt ?? 0) + rt.rule.repeatSeconds * 1000 - this.o.clock.now();
      this.armRepeat(rt, Math.max(0, due));
    }
  }

  /** Milliseconds until quiet hours end, or undefined when sending is allowed now. */
  private quiet(rule: AlertRuleConfig): number | undefined {
    if (rule.priority === "high" || rule.quietHours === false) return undefined;
    const q = rule.quietHours ?? this.o.quietHours;
    const now = this.o.clock.now();
    return q !== undefined && inDailyWindow(now, q) ? msUntilWindowEnd(now, q) : undefined;
  }

  private async send(
    rt: Runtime,
    template: string,
    extra: TemplateValues,
    id?: string,
  ): Promise<void> {
    const rec = this.store.record(rt);
    const values: TemplateValues = {
      rule: rt.rule.name,
      topic: rt.topic,
      threshold: rt.rule.threshold,
      condition: rt.rule.condition,
      // {{minutes}} predates silentSeconds; templates written with it keep working.
      minutes: rt.rule.silentSeconds === undefined ? undefined : rt.rule.silentSeconds / 60,
      seconds: rt.rule.silentSeconds,
      since: rec === undefined ? undefined : new Date(rec.since).toISOString(),
      ...extra,
    };
    const text = renderTemplate(template, values);
    log.info({ rule: rt.rule.name, topic: rt.topic }, "alert message");
    await this.o.notifier.send(rt.rule.to, text, {
      priority: rt.rule.priority,
      ...(id === undefined ? {} : { id }),
    });
  }

  private runtime(rule: AlertRuleConfig, topic: string): Runtime {
    const k = alertKey({ rule, topic });
    let rt = this.runtimes.get(k);
    if (rt === undefined) {
      rt = { rule, topic };
      this.runtimes.set(k, rt);
    }
    return rt;
  }
}

function lastSent(rec: AlertRecord | undefined): { lastSentAt?: number } {
  return rec?.lastSentAt === undefined ? {} : { lastSentAt: rec.lastSentAt };
}
