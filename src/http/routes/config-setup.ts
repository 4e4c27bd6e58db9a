import type { FastifyInstance } from "fastify";
import { MQTT_PROTOCOLS } from "../../config/sections/mqtt.js";
import type { SetupView } from "../../config/setup-edit.js";
import { SmsgwError } from "../../errors.js";
import { tryMqttConnection } from "../../mqtt/connection-test.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { readSetup, writeSetup } from "../setup-file.js";
import {
  mqttTestBody,
  mqttTestDoc,
  setupGetDoc,
  setupPatchBody,
  setupPatchDoc,
} from "./config-setup-doc.js";

const BASE = "/api/v1/config";

/**
 * The first-boot wizard's door to the config file, for admins: a few keys read and changed in
 * the same `smsgw.yaml` the owner edits, and a broker connection tried before it is saved.
 * Secrets (the broker password, the SIM PIN) are taken, never answered back nor logged.
 */
export function registerConfigSetupRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  const fileOf = (): string => {
    if (deps.configFile === undefined)
      throw new SmsgwError(
        "config.no-file",
        "this gateway was started without a config file (--config, ./smsgw.yaml or /etc/smsgw/smsgw.yaml): there is none to change",
      );
    return deps.configFile;
  };
  const answer = (file: string, view: SetupView) => ({ file, restartNeeded: true, ...view });

  app.get(
    `${BASE}/setup`,
    { config: { scope: "admin", doc: setupGetDoc } },
    async (_request, reply) => {
      try {
        const file = fileOf();
        return reply
          .code(200)
          .header("cache-control", "no-store")
          .send(answer(file, await readSetup(file)));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.patch(
    `${BASE}/setup`,
    { config: { scope: "admin", doc: setupPatchDoc } },
    async (request, reply) => {
      try {
        const parsed = setupPatchBody.safeParse(request.body);
        if (!parsed.success) throw invalidRequest(parsed.error.issues);
        const file = fileOf();
        return reply.code(200).send(answer(file, await writeSetup(file, parsed.data)));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.post(
    `${BASE}/mqtt-test`,
    { config: { scope: "admin", doc: mqttTestDoc } },
    async (request, reply) => {
      try {
        const parsed = mqttTestBody.safeParse(request.body);
        if (!parsed.success) throw invalidRequest(parsed.error.issues);
        const { url, username, password } = parsed.data;
        if (!URL.canParse(url) || !MQTT_PROTOCOLS.includes(new URL(url).protocol))
          throw new SmsgwError(
            "mqtt.invalid-request",
            "url: must be a URL like mqtt://host:1883, mqtts://host:8883 or ws://host/mqtt",
            { details: { fields: [{ field: "url", message: "not a broker URL" }] } },
          );
        return reply.code(200).send(await tryMqttConnection({ url, username, password }));
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
