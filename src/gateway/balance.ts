import type { AlertRuleConfig } from "../automation/config-schema.js";
import type { BalanceConfig, Config } from "../config/schema.js";
import { topicBase } from "../mqtt/topics.js";
import type { BalanceOptions, UssdService } from "../sms/ussd/index.js";

/** The balance monitor's options from `balance` in the config. */
export function balanceOptions(
  b: BalanceConfig,
  sms: BalanceOptions["sms"],
  ussd: UssdService | undefined,
): BalanceOptions {
  return {
    parse: new RegExp(b.parse),
    sms,
    ...(b.code === undefined ? {} : { code: b.code }),
    ...(b.cron === undefined ? {} : { cron: b.cron }),
    ...(b.currency === undefined ? {} : { currency: b.currency }),
    ...(b.fromSms === undefined ? {} : { fromSms: b.fromSms }),
    ...(ussd === undefined ? {} : { ussd }),
  };
}

/**
 * `balance.lowBelow` as an alert rule of the automation: the alert engine watches the amount
 * in the retained `<base>/modem` like any sensor, so the low-credit SMS gets its hysteresis,
 * cooldown and quiet hours. One a day at most: the balance changes slowly.
 */
export function balanceAlertRule(config: Config): AlertRuleConfig | undefined {
  const b = config.balance;
  if (b?.lowBelow === undefined || b.alertTo === undefined) return undefined;
  return {
    name: "low-balance",
    topic: `${topicBase(config.mqtt)}/modem`,
    value: "balance.amount",
    condition: "<",
    threshold: b.lowBelow,
    hysteresis: b.hysteresis,
    forSeconds: 0,
    cooldownSeconds: 24 * 3600,
    message: `SIM balance low: {{value}}${b.currency === undefined ? "" : ` ${b.currency}`} (below {{threshold}})`,
    recovery: "SIM balance back to {{value}}",
    priority: "normal",
    to: b.alertTo,
  };
}
