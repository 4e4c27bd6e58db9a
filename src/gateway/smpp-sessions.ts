import { EventEmitter } from "node:events";
import type { SmppSessionsPort, SmppSessionView } from "../mqtt/ports.js";
import type { SmppDoor } from "../smpp/index.js";

/**
 * The SMPP server's sessions for the MQTT bridge, which starts before the server does: empty
 * until the server is attached, then its sessions, with "change" on each bind and close.
 */
export class SmppSessionsRelay extends EventEmitter<{ change: [] }> implements SmppSessionsPort {
  private door: SmppDoor | undefined;

  attach(door: SmppDoor | undefined): void {
    this.door = door;
    this.emit("change");
  }

  changed(): void {
    this.emit("change");
  }

  sessions(): SmppSessionView[] {
    return this.door?.sessions() ?? [];
  }
}
