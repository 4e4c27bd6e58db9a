import { statusText } from "./status.js";

/** A request refused with an SMPP command_status (the session answers it and goes on). */
export class SmppRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SmppRefusal";
  }

  override toString(): string {
    return `${statusText(this.status)}: ${this.message}`;
  }
}
