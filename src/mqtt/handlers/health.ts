import { z } from "zod";
import type { HealthData } from "../payloads.js";
import { defineRequest } from "./request.js";

export const health = defineRequest({
  summary: "Says whether the modem is ready, with the counters and the inbox backlog.",
  body: z.strictObject({}),
  expected: "(or an empty payload)",
  noArguments: true,
  async handle(_body, ctx): Promise<HealthData> {
    return {
      healthy: ctx.modem.state === "ready",
      modem: ctx.modem.state,
      mqtt: ctx.mqtt(),
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
      stats: ctx.service.stats(),
      inboxPending: ctx.service.pendingInbound().length,
    };
  },
});
