import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../../errors.js";
import { send } from "../../mqtt/handlers/index.js";
import { contextFor, type HttpDoorDeps, sendProblem } from "../app.js";
import type { BatchStore } from "../batches/batch-store.js";
import { planBatch } from "../batches/plan.js";
import { progressOf } from "../batches/progress.js";
import { batchCancelDoc, batchCreateDoc, batchReadDoc } from "./batches-doc.js";

const BASE = "/api/v1/batches";

const notFound = (id: string) => new SmsgwError("http.batch-not-found", `no batch with id "${id}"`);

/**
 * Bulk sends: one text (with `{{name}}` placeholders) to many numbers, contacts and groups.
 * Each message is an ordinary send through the shared send handler, at `low` priority unless
 * the batch says `normal` (never `high`), so single messages — one-time codes — always go
 * first. Rate limits, the destination policy and the opt-out list apply to each as to any.
 */
export function registerBatchRoutes(
  app: FastifyInstance,
  deps: HttpDoorDeps,
  batches: BatchStore,
): void {
  /**
   * The batch is on disk, then every message is (each durable as any send): only then 202 +
   * Location. The same id again with the same request is a retry: the messages not yet
   * queued are queued (the others are found by their ids), 200. Another request: 409.
   */
  app.post(
    BASE,
    { config: { scope: "messages:send", doc: batchCreateDoc } },
    async (request, reply) => {
      try {
        const plan = planBatch(request.body, {
          maxRecipients: deps.config.batches.maxRecipients,
          maxParts: deps.maxParts,
          ...(deps.recipients === undefined ? {} : { resolve: deps.recipients }),
        });
        let batch = await batches.get(plan.id);
        const retry = batch !== undefined;
        if (batch !== undefined && batch.fingerprint !== plan.fingerprint)
          throw new SmsgwError(
            "http.id-conflict",
            `a batch with id "${plan.id}" exists with other recipients, text or options; use a new id`,
          );
        if (batch === undefined) {
          batch = {
            version: 1,
            id: plan.id,
            createdAt: new Date().toISOString(),
            priority: plan.priority,
            fingerprint: plan.fingerprint,
            messages: plan.sends.map((s) => ({ id: s.id as string, to: s.to as string })),
          };
          await batches.put(batch);
        }
        const ctx = contextFor(deps, request.token);
        // A cancelled batch stays cancelled: a retry queues nothing.
        const sends = batch.cancelledAt === undefined ? plan.sends : [];
        // All at once: the store writes sends that arrive together with one fsync.
        const results = await Promise.allSettled(sends.map((s) => send.handle(s, ctx)));
        const failed = results.find((r) => r.status === "rejected");
        if (failed !== undefined) throw failed.reason;
        return reply
          .code(retry ? 200 : 202)
          .header("location", `${BASE}/${batch.id}`)
          .send(await progressOf(batch, deps.service));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { scope: "messages:read", doc: batchReadDoc } },
    async (request, reply) => {
      try {
        const batch = await batches.get(request.params.id);
        if (batch === undefined) throw notFound(request.params.id);
        return reply.code(200).send(await progressOf(batch, deps.service));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  /** Cancels every message not yet gone out; those sent stay sent. */
  app.delete<{ Params: { id: string } }>(
    `${BASE}/:id`,
    { config: { scope: "messages:send", doc: batchCancelDoc } },
    async (request, reply) => {
      try {
        const batch = await batches.get(request.params.id);
        if (batch === undefined) throw notFound(request.params.id);
        if (batch.cancelledAt === undefined) {
          batch.cancelledAt = new Date().toISOString();
          // Marked first: a retry of the POST must not queue what was cancelled.
          await batches.put(batch);
        }
        await Promise.all(
          batch.messages.map((m) =>
            deps.service.get(m.id)?.status === "queued" ? deps.service.cancel(m.id) : undefined,
          ),
        );
        return reply.code(200).send(await progressOf(batch, deps.service));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
