import type { FastifyInstance } from "fastify";
import { errorMessage, isSmsgwError, SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { makeBackup, readBackup, restoreBackup } from "../system/backup-file.js";
import { backupDoc, modemRestartDoc, rebootDoc, restoreDoc } from "./system-doc.js";

const log = createLogger("http:system");

/**
 * A backup holds the whole store: far more than `http.maxBodyBytes` allows a message, yet
 * small enough that the body, its parse and the decoded files fit a small Pi's memory.
 */
const RESTORE_BODY_LIMIT = 64 * 1024 * 1024;

/** The System page's admin routes: backup and restore, restarting the modem, rebooting. */
export function registerSystemRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const system = deps.system;
  if (system === undefined) return;
  const admin = { scope: "admin" as const };

  app.post(
    "/api/v1/modem/restart",
    { config: { ...admin, doc: modemRestartDoc } },
    async (request, reply) => {
      try {
        try {
          system.restartModem();
        } catch (err) {
          if (!isSmsgwError(err, "modem.stopped")) throw err;
          throw new SmsgwError("http.modem-unavailable", errorMessage(err));
        }
        log.info({ by: request.token?.name }, "modem restart requested");
        return reply.code(202).send({ state: deps.modem.state, reason: deps.modem.reason ?? "" });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.get(
    "/api/v1/system/backup",
    { config: { ...admin, doc: backupDoc } },
    async (_request, reply) => {
      try {
        const backup = await makeBackup(system.storeDir, system.configFile);
        const stamp = backup.createdAt.replace(/[:.]/g, "-");
        return reply
          .code(200)
          .header("content-disposition", `attachment; filename="smsgw-backup-${stamp}.json"`)
          .header("cache-control", "no-store")
          .send(backup);
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post(
    "/api/v1/system/restore",
    { bodyLimit: RESTORE_BODY_LIMIT, config: { ...admin, doc: restoreDoc } },
    async (request, reply) => {
      try {
        const checked = readBackup(request.body);
        const done = await restoreBackup(checked, system.storeDir, system.configFile);
        log.warn(
          { by: request.token?.name, files: done.store.length, config: done.config },
          "backup restored: restart the gateway",
        );
        return reply.code(200).send({ ...done, restartRequired: true });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post(
    "/api/v1/system/reboot",
    { config: { ...admin, doc: rebootDoc } },
    async (request, reply) => {
      try {
        const reboot = system.reboot;
        if (reboot === undefined)
          throw new SmsgwError(
            "http.reboot-unavailable",
            "this gateway may not reboot its host: it does not run as the SD image's systemd service",
          );
        log.warn({ by: request.token?.name }, "host reboot requested");
        // After the answer has gone: the reboot stops this process.
        setImmediate(() => {
          reboot().catch((err: unknown) => log.error({ err: errorMessage(err) }, "reboot failed"));
        });
        return reply.code(202).send({ rebooting: true });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
