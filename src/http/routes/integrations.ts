import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { HttpConfig } from "../../config/schema.js";
import type { HttpDoorDeps } from "../app.js";
import type { RouteDoc } from "../openapi/route-doc.js";

const integrationsSchema = z.object({
  kannel: z.object({
    users: z.array(
      z.object({
        username: z.string(),
        allowedPrefixes: z.array(z.string()).describe("Empty: any number the SMS policy allows"),
        defaultSender: z.string().optional(),
        maxMessages: z.number().int().optional().describe("Absent: sms.maxParts"),
      }),
    ),
    port: z
      .number()
      .int()
      .optional()
      .describe("Port of the second /cgi-bin/sendsms listener; absent: none"),
  }),
  smsgate: z.object({
    enabled: z.boolean(),
    username: z.string().optional(),
  }),
});

const integrationsDoc: RouteDoc = {
  summary: "The Kannel sendsms users and the SMSGate compatibility API, as configured",
  description:
    "Read-only: `http.kannel.users` and whether `http.smsgate` is on, by user name. Passwords are never part of the answer. Admin only.",
  tag: "integrations",
  responses: { 200: { description: "The configuration", schema: integrationsSchema } },
};

/** What the web UI's integrations page shows: every field but the passwords, picked one by one. */
export function integrationsView(config: HttpConfig): z.output<typeof integrationsSchema> {
  const smsgate = config.smsgate;
  return {
    kannel: {
      users: config.kannel.users.map((u) => ({
        username: u.username,
        allowedPrefixes: u.allowedPrefixes,
        ...(u.defaultSender === undefined ? {} : { defaultSender: u.defaultSender }),
        ...(u.maxMessages === undefined ? {} : { maxMessages: u.maxMessages }),
      })),
      ...(config.kannel.listen === undefined ? {} : { port: config.kannel.listen.port }),
    },
    smsgate:
      smsgate === undefined ? { enabled: false } : { enabled: true, username: smsgate.username },
  };
}

/** GET /api/v1/integrations: who may use the Kannel and SMSGate doors. */
export function registerIntegrationRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.get(
    "/api/v1/integrations",
    { config: { scope: "admin", doc: integrationsDoc } },
    async (_request, reply) =>
      reply.code(200).header("cache-control", "no-store").send(integrationsView(deps.config)),
  );
}
