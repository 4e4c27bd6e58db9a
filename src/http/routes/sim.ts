import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../../errors.js";
import { invalidRequest } from "../../mqtt/handlers/body.js";
import type { ModemView } from "../../mqtt/ports.js";
import { type HttpDoorDeps, sendProblem } from "../app.js";
import { simGetDoc, simPinBody, simPinDoc } from "./sim-doc.js";

const BASE = "/api/v1/modem/sim";

function simOf(modem: ModemView) {
  return {
    sim: modem.info?.sim ?? "unknown",
    pinAttemptsLeft: modem.info?.pinAttemptsLeft ?? null,
    state: modem.state,
    reason: modem.reason ?? null,
  };
}

/**
 * Why the PIN must not be tried now, or undefined. A wrong PIN on the last attempt locks the
 * SIM behind its PUK, so neither the last attempt nor an unknown count is ever spent from here.
 */
export function pinRefusal(modem: ModemView): string | undefined {
  const { sim, pinAttemptsLeft } = simOf(modem);
  if (sim === "puk-required")
    return "the SIM is blocked and needs its PUK: put it in a phone and enter the PUK there";
  if (sim !== "pin-required") return `the SIM asks for no PIN (it is ${sim})`;
  if (pinAttemptsLeft === null)
    return "the modem does not say how many PIN attempts are left, and a wrong PIN on the last one locks the SIM: check the PIN in a phone first";
  if (pinAttemptsLeft <= 1 || modem.reason === "sim-pin-last-attempt")
    return "only one PIN attempt is left: a wrong PIN would lock the SIM and its PUK would be needed; enter the PIN in a phone instead";
  return undefined;
}

/** The SIM for admins: its state and attempts left, and the PIN when it asks for one. */
export function registerSimRoutes(app: FastifyInstance, deps: HttpDoorDeps): void {
  app.get(BASE, { config: { scope: "admin", doc: simGetDoc } }, async (_request, reply) =>
    reply.code(200).header("cache-control", "no-store").send(simOf(deps.modem)),
  );
  const enterPin = deps.enterPin;
  if (enterPin === undefined) return;
  app.post(
    `${BASE}/pin`,
    { config: { scope: "admin", doc: simPinDoc } },
    async (request, reply) => {
      try {
        const parsed = simPinBody.safeParse(request.body);
        if (!parsed.success) throw invalidRequest(parsed.error.issues);
        const refusal = pinRefusal(deps.modem);
        if (refusal !== undefined) throw new SmsgwError("modem.pin-refused", refusal);
        enterPin(parsed.data.pin);
        return reply.code(202).send({
          accepted: true,
          message:
            "the modem checks the attempts left again and enters the PIN once; watch the SIM state",
        });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
}
