import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { modemPayload } from "../../mqtt/modem-payload.js";
import { statusPayload } from "../../mqtt/payloads.js";
import type { InboundMessage, OutboundMessage } from "../../sms/types.js";
import type { HttpDoorDeps } from "../app.js";
import type { RouteDoc } from "../openapi/route-doc.js";

/** A comment line this often keeps proxies and browsers from closing an idle stream. */
export const KEEPALIVE_MS = 25_000;

const eventsDoc: RouteDoc = {
  summary: "Live events as server-sent events (text/event-stream)",
  description:
    "`event: outbound` (a message's status payload, at each change), `event: inbound` (a received message's id, sender and time), `event: modem` (the modem payload when its state or readings change). The first event is `modem`, the state now. Admin only: it shows every door's messages.",
  tag: "events",
  responses: {
    200: { description: "The stream", mediaType: "text/event-stream", schema: z.string() },
  },
};

/**
 * GET /api/v1/events: what the MQTT bridge publishes, as one server-sent event stream for a
 * browser (the web UI's dashboard and lists update from it). Each stream ends when its client
 * goes or the server closes.
 */
export function registerEventRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const streams = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const s of streams) s.end();
  });

  app.get("/api/v1/events", { config: { scope: "admin", doc: eventsDoc } }, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    });
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const modem = () => send("modem", modemPayload(deps.modem, new Date(), deps.clock?.()));
    const outbound = (m: OutboundMessage) => send("outbound", statusPayload(m));
    const inbound = (m: InboundMessage) =>
      send("inbound", { id: m.id, from: m.from, receivedAt: m.receivedAt });
    deps.service.on("outbound", outbound);
    deps.service.on("inbound", inbound);
    deps.modem.on("state", modem);
    deps.modem.on("info", modem);
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    keepalive.unref();
    streams.add(res);
    const stop = () => {
      clearInterval(keepalive);
      deps.service.off("outbound", outbound);
      deps.service.off("inbound", inbound);
      deps.modem.off("state", modem);
      deps.modem.off("info", modem);
      streams.delete(res);
    };
    request.raw.on("close", stop);
    res.on("close", stop);
    modem();
  });
}
