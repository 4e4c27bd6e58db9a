import type { FastifyInstance } from "fastify";
import type { HttpDoorDeps } from "../app.js";
import { balanceSettingsDoc } from "./balance-settings-doc.js";

/** GET /api/v1/balance: how the SIM's credit is checked, and what it was last. */
export function registerBalanceSettingsRoute(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.get(
    "/api/v1/balance",
    { config: { scope: "admin", doc: balanceSettingsDoc } },
    async (_request, reply) =>
      reply
        .code(200)
        .header("cache-control", "no-store")
        .send({
          settings: deps.balanceSettings ?? null,
          balance: deps.balance?.latest ?? null,
        }),
  );
}
