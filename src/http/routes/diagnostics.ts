import type { FastifyInstance } from "fastify";
import { isSmsgwError, SmsgwError } from "../../errors.js";
import { createLogger, recentLogLines } from "../../log.js";
import { AtError } from "../../modem/at/index.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { checkConsoleCommand } from "../system/at-policy.js";
import { atBody, atConsoleDoc, doctorDoc, logsDoc, logsQuery } from "./system-doc.js";

const log = createLogger("http:at-console");

/** How long the console waits for a command's final result. */
const AT_TIMEOUT_MS = 10_000;

/**
 * The Diagnostics page's admin routes: the gateway's last log lines, the doctor's report for
 * the running gateway and, when `http.ui.atConsole` is on, one AT command at a time.
 */
export function registerDiagnosticsRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const admin = { scope: "admin" as const };

  app.get("/api/v1/logs", { config: { ...admin, doc: logsDoc } }, async (request, reply) => {
    try {
      const q = logsQuery.safeParse(request.query);
      if (!q.success) throw invalidRequest(q.error.issues);
      return reply.code(200).send({ lines: recentLogLines(q.data.limit, q.data.level) });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  const system = deps.system;
  if (system === undefined) return;

  app.get("/api/v1/doctor", { config: { ...admin, doc: doctorDoc } }, async (_request, reply) => {
    try {
      return reply.code(200).send(await system.doctor());
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.post(
    "/api/v1/modem/at",
    { config: { ...admin, doc: atConsoleDoc } },
    async (request, reply) => {
      try {
        const body = atBody.safeParse(request.body);
        if (!body.success) throw invalidRequest(body.error.issues);
        if (!deps.config.ui.atConsole)
          throw new SmsgwError(
            "http.at-console-off",
            "the AT console is off: set http.ui.atConsole: true in the config file to use it",
          );
        const command = checkConsoleCommand(body.data.command);
        // Raw AT can change how the modem behaves: every command is on the record.
        log.warn({ command, by: request.token?.name }, "AT console command");
        try {
          const r = await system.at.run({ command, timeoutMs: AT_TIMEOUT_MS });
          return reply.code(200).send({ command, lines: r.lines, final: r.final });
        } catch (err) {
          if (!(err instanceof AtError) && !isSmsgwError(err)) throw err;
          // The modem's refusal (ERROR, +CME ERROR) or silence is the console's answer, not a fault.
          const final = err instanceof AtError ? (err.final ?? "") : "";
          return reply.code(200).send({ command, lines: [], final, error: err.code });
        }
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
