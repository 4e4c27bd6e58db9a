import smpp, { type NpmPdu, type NpmSession } from "smpp";

/** The text of a deliver_sm as the npm client decoded it. */
export const textOf = (pdu: NpmPdu | undefined): string | undefined =>
  (pdu?.short_message as { message?: string } | undefined)?.message;

/**
 * The npm `smpp` package (farhadi/node-smpp 0.5.1) as an ESME: a client we did not write,
 * wrapped in promises. Every deliver_sm it receives is kept; it answers them unless told not.
 */
export class NpmEsme {
  readonly delivered: NpmPdu[] = [];
  /** Answer deliver_sm with ESME_ROK (false: leave them unanswered). */
  answer = true;
  private readonly waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly session: NpmSession) {
    session.on("deliver_sm", (pdu: NpmPdu) => {
      this.delivered.push(pdu);
      if (this.answer) session.send(pdu.response());
      for (const w of this.waiters.splice(0)) w();
    });
    session.on("error", () => {});
    session.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(port: number, tls = false): Promise<NpmEsme> {
    return new Promise((resolve, reject) => {
      const session = smpp.connect(
        { host: "127.0.0.1", port, tls, rejectUnauthorized: false },
        () => resolve(new NpmEsme(session)),
      );
      session.on("error", reject);
    });
  }

  /** Sends a request and resolves with its response. */
  request(command: string, fields: Record<string, unknown> = {}): Promise<NpmPdu> {
    return new Promise((resolve) => {
      (this.session[command] as (f: unknown, cb: (pdu: NpmPdu) => void) => void).call(
        this.session,
        fields,
        resolve,
      );
    });
  }

  bind(mode: "transmitter" | "receiver" | "transceiver", systemId: string, password: string) {
    return this.request(`bind_${mode}`, { system_id: systemId, password });
  }

  submit(fields: Record<string, unknown>): Promise<NpmPdu> {
    return this.request("submit_sm", fields);
  }

  /** Resolves once `n` deliver_sm have arrived in all (or the session closed). */
  async deliveries(n: number): Promise<NpmPdu[]> {
    while (this.delivered.length < n && !this.closed)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.delivered;
  }

  /** Resolves when the server closes the connection. */
  async whenClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.session.destroy();
  }
}
