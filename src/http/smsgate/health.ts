import { version } from "../../version.js";
import type { HttpDoorDeps } from "../app.js";

type Status = "pass" | "warn" | "fail";

interface Check {
  description: string;
  observedUnit: string;
  observedValue: number;
  status: Status;
}

/** SMSGate's health document; `releaseId` is the version as a number (0.1.0 → 100). */
export interface SmsgateHealth {
  status: Status;
  version: string;
  releaseId: number;
  checks: Record<string, Check>;
}

const WORST: Status[] = ["pass", "warn", "fail"];

function releaseIdOf(v: string): number {
  const [major = 0, minor = 0, patch = 0] = v.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  return major * 10_000 + minor * 100 + patch;
}

/**
 * The gateway's health in SMSGate's shape: the modem (ready passes; failed fails; anything
 * else warns, since messages are still queued durably and sent once it is ready) and the
 * outbox counters. The overall status is the worst check.
 */
export function smsgateHealth(deps: Pick<HttpDoorDeps, "modem" | "service">): SmsgateHealth {
  const state = deps.modem.state;
  const stats = deps.service.stats();
  const checks: Record<string, Check> = {
    "modem:ready": {
      description: `The modem is ${state}`,
      observedUnit: "boolean",
      observedValue: state === "ready" ? 1 : 0,
      status: state === "ready" ? "pass" : state === "failed" ? "fail" : "warn",
    },
    "messages:queued": {
      description: "Messages waiting to be sent",
      observedUnit: "messages",
      observedValue: stats.queued,
      status: "pass",
    },
    "messages:failed": {
      description: "Messages that failed since the store was made",
      observedUnit: "messages",
      observedValue: stats.failed,
      status: "pass",
    },
  };
  const status = Object.values(checks)
    .map((c) => c.status)
    .reduce((a, b) => (WORST.indexOf(b) > WORST.indexOf(a) ? b : a), "pass" as Status);
  return { status, version, releaseId: releaseIdOf(version), checks };
}
