import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";

/** The OpenAPI descriptions of the monitoring routes (metrics, health, AT trace). */

const status = z.enum(["pass", "warn", "fail"]);

const healthSchema = z
  .object({
    status: status.describe("the worst check's status"),
    version: z.string(),
    checks: z.record(
      z.string(),
      z.object({
        description: z.string(),
        observedUnit: z.string(),
        observedValue: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        status,
      }),
    ),
  })
  .describe("The health document, in SMSGate's shape");

export const healthDoc: RouteDoc = {
  summary: "The gateway's health: every check and the worst status",
  tag: "monitoring",
  responses: {
    200: { description: "pass or warn", schema: healthSchema },
    503: { description: "fail: at least one check failed", schema: healthSchema },
  },
};

const probeSchema = z.object({ status }).describe("Only the overall status");

export const healthzDoc: RouteDoc = {
  summary: "Liveness probe without a token: the overall status only",
  tag: "monitoring",
  responses: {
    200: { description: "pass or warn", schema: probeSchema },
    503: { description: "fail", schema: probeSchema },
  },
};

export const metricsDoc: RouteDoc = {
  summary: "Prometheus metrics (text exposition format)",
  tag: "monitoring",
  responses: {
    200: {
      description: "The metrics",
      schema: z.string(),
      mediaType: "text/plain; version=0.0.4; charset=utf-8",
    },
  },
};

export const atTraceDoc: RouteDoc = {
  summary: "The last AT lines exchanged with the modem (PIN and PUK masked), for bug reports",
  tag: "diagnostics",
  responses: {
    200: {
      description: "Oldest first",
      schema: z.object({
        lines: z.array(z.object({ at: z.string(), dir: z.enum(["out", "in"]), line: z.string() })),
      }),
    },
  },
};
