import { createHash } from "node:crypto";
import type { AlertRuleConfig } from "./config-schema.js";
import type { AlertRecord, StateStore } from "./state.js";

/** One alert: a rule and a concrete topic under its filter. */
export interface AlertKey {
  rule: AlertRuleConfig;
  topic: string;
}

/** `<rule>|<topic>`: how the state file (and the engine's runtimes) name one alert. */
export function alertKey(a: AlertKey): string {
  return `${a.rule.name}|${a.topic}`;
}

/** Rules whose condition can wait `forSeconds` before firing. */
function debounces(rule: AlertRuleConfig): boolean {
  return rule.forSeconds > 0 && rule.condition !== "changed" && rule.condition !== "silent";
}

/**
 * The persisted part of the alerts, keyed `<rule>|<topic>`: each alert's episode record, and
 * when its condition began to hold while a `forSeconds` wait is under way — so a restart
 * resumes that wait instead of starting it again (a reboot loop could otherwise hold an alert
 * back for ever).
 */
export class AlertStore {
  constructor(private readonly state: StateStore) {}

  record(a: AlertKey): AlertRecord | undefined {
    return this.state.data.alerts[alertKey(a)];
  }

  /** An active alert has no wait under way: saving one ends its hold in the same write. */
  save(a: AlertKey, rec: AlertRecord): Promise<void> {
    return this.state.update((s) => {
      s.alerts[alertKey(a)] = rec;
      if (rec.active) delete s.alertHolds[alertKey(a)];
    });
  }

  holdingSince(a: AlertKey): number | undefined {
    return this.state.data.alertHolds[alertKey(a)];
  }

  startHold(a: AlertKey, since: number): Promise<void> {
    return this.state.update((s) => {
      s.alertHolds[alertKey(a)] = since;
    });
  }

  async endHold(a: AlertKey): Promise<void> {
    if (this.holdingSince(a) === undefined) return;
    await this.state.update((s) => {
      delete s.alertHolds[alertKey(a)];
    });
  }

  /** Topics with an episode record under `rule`. */
  knownTopics(rule: AlertRuleConfig): string[] {
    const prefix = `${rule.name}|`;
    return Object.keys(this.state.data.alerts)
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
  }

  /** Keeps the file bounded: records only of configured rules, holds only of rules that wait. */
  async forgetRemovedRules(rules: readonly AlertRuleConfig[]): Promise<void> {
    const names = new Set(rules.map((r) => r.name));
    const waiting = new Set(rules.filter(debounces).map((r) => r.name));
    const ruleOf = (k: string) => k.slice(0, k.indexOf("|"));
    const { alerts, alertHolds } = this.state.data;
    const stale = Object.keys(alerts).filter((k) => !names.has(ruleOf(k)));
    const staleHolds = Object.keys(alertHolds).filter((k) => !waiting.has(ruleOf(k)));
    if (stale.length === 0 && staleHolds.length === 0) return;
    await this.state.update((s) => {
      for (const k of stale) delete s.alerts[k];
      for (const k of staleHolds) delete s.alertHolds[k];
    });
  }
}

/** Short and stable: topics can be long, message ids are limited. */
export function episodeId(a: AlertKey, rec: AlertRecord): string {
  const h = createHash("sha1").update(alertKey(a)).digest("base64url").slice(0, 12);
  return `alert:${a.rule.name}:${h}:${rec.episode ?? 0}:${rec.since}`;
}
