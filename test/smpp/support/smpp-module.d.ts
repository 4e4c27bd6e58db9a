/** The npm `smpp` package (a test client only) ships no types: what the tests use of it. */
declare module "smpp" {
  export interface NpmPdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(options?: Record<string, unknown>): NpmPdu;
    toBuffer(): Buffer;
  }
  export interface NpmSession {
    on(event: string, listener: (...args: never[]) => void): NpmSession;
    once(event: string, listener: (...args: never[]) => void): NpmSession;
    send(pdu: NpmPdu, responseCallback?: (pdu: NpmPdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    [command: string]: unknown;
    socket: import("node:net").Socket;
  }
  export const PDU: {
    new (command: string, options?: Record<string, unknown>): NpmPdu;
    fromBuffer(buffer: Buffer): NpmPdu | false;
    maxLength: number;
  };
  export function connect(options: Record<string, unknown>, listener?: () => void): NpmSession;
  const smpp: { PDU: typeof PDU; connect: typeof connect };
  export default smpp;
}
