import type { ModemCore } from "./core.js";
import { simStep } from "./power.js";

/** SIM events a test injects: pulled out, put back, busy, PIN lock switched on. */

export function removeSim(core: ModemCore): void {
  core.sim.present = false;
  core.sim.unlocked = false;
  core.smsReady = false;
  core.attached = false;
  // SIMCom/Quectel report the loss of the card as a +CPIN URC.
  core.urc("+CPIN: NOT READY");
  core.updateRegistration();
}

export function insertSim(core: ModemCore): void {
  core.sim.present = true;
  if (core.poweredOn && core.uartReady) simStep(core);
}

export function setSimBusy(core: ModemCore, busy: boolean): void {
  core.sim.busy = busy;
  if (busy) {
    core.smsReady = false;
    core.attached = false;
    core.updateRegistration();
  } else if (core.poweredOn && core.uartReady && core.simInitialised) simStep(core);
}

export function requirePin(core: ModemCore, pin?: string): void {
  core.sim.pinEnabled = true;
  if (pin !== undefined) core.sim.pin = pin;
  core.sim.unlocked = false;
  core.smsReady = false;
  core.attached = false;
  core.updateRegistration();
  if (core.poweredOn && core.simInitialised) core.urc(`+CPIN: ${core.sim.status}`);
}
