import type { RateLimits, SmsOptionsInput } from "../sms/options.js";
import type { SmsConfig } from "./schema.js";

/** The `sms:` section (seconds, as users write them) → the service's options (milliseconds). */
export function toSmsOptions(c: SmsConfig): SmsOptionsInput {
  const out: SmsOptionsInput = {
    maxParts: c.maxParts,
    ttlSeconds: c.ttlSeconds,
    deliveryReports: c.deliveryReports,
    deliveryReportWaitMs: c.deliveryReportWaitSeconds * 1000,
    rateLimits: limits(c.rateLimits),
    policy: {
      allowedCountries: [...c.policy.allowedCountries],
      allowShortCodes: c.policy.allowShortCodes,
    },
    maxRecipients: c.maxRecipients,
    reservedQueuePercent: c.reservedQueuePercent,
    sendWindow: c.sendWindow === undefined ? null : { ...c.sendWindow },
    retry: {
      baseMs: c.retry.baseSeconds * 1000,
      maxMs: c.retry.maxSeconds * 1000,
      maxAttempts: c.retry.maxAttempts,
    },
    reassemblyTimeoutMs: c.reassemblyTimeoutSeconds * 1000,
    queueCapacity: c.queueCapacity,
    sweepIntervalMs: c.sweepIntervalSeconds * 1000,
    historyRetentionDays: c.historyRetentionDays,
    optOut: {
      enabled: c.optOut.enabled,
      stopKeywords: [...c.optOut.stopKeywords],
      startKeywords: [...c.optOut.startKeywords],
    },
  };
  return out;
}

/** 0 in the config means no limit; the service leaves such a window out. */
function limits(c: SmsConfig["rateLimits"]): RateLimits {
  const out: RateLimits = {};
  if (c.perMinute > 0) out.perMinute = c.perMinute;
  if (c.perHour > 0) out.perHour = c.perHour;
  if (c.perDay > 0) out.perDay = c.perDay;
  return out;
}
