import {
  BodyReader,
  BodyWriter,
  readBind,
  readBindResp,
  readCancelSm,
  readMessageId,
  readQuerySm,
  readQuerySmResp,
  readShortMessage,
  writeBind,
  writeBindResp,
  writeCancelSm,
  writeMessageId,
  writeQuerySm,
  writeQuerySmResp,
  writeShortMessage,
} from "./bodies.js";
import { COMMAND_IDS, commandName, isResponseId } from "./command-ids.js";
import { HEADER_LENGTH, MAX_PDU_LENGTH, readHeader } from "./header.js";
import { SmppDecodeError } from "./octets.js";
import type { Pdu } from "./pdu.js";
import { STATUS } from "./status.js";

/** A PDU that cannot be read, with what the header told (to answer it). */
export class SmppPduError extends SmppDecodeError {
  constructor(
    status: number,
    message: string,
    readonly commandId: number,
    readonly sequence: number,
  ) {
    super(status, message);
    this.name = "SmppPduError";
  }
}

/** Encodes a PDU with its header; command_length is computed. */
export function encodePdu(pdu: Pdu): Buffer {
  const w = new BodyWriter();
  switch (pdu.command) {
    case "bind_transmitter":
    case "bind_receiver":
    case "bind_transceiver":
      writeBind(w, pdu.body);
      break;
    case "bind_transmitter_resp":
    case "bind_receiver_resp":
    case "bind_transceiver_resp":
      if (pdu.body !== undefined) writeBindResp(w, pdu.body);
      break;
    case "submit_sm":
    case "deliver_sm":
      writeShortMessage(w, pdu.body);
      break;
    case "submit_sm_resp":
    case "deliver_sm_resp":
      if (pdu.body !== undefined) writeMessageId(w, pdu.body);
      break;
    case "query_sm":
      writeQuerySm(w, pdu.body);
      break;
    case "query_sm_resp":
      if (pdu.body !== undefined) writeQuerySmResp(w, pdu.body);
      break;
    case "cancel_sm":
      writeCancelSm(w, pdu.body);
      break;
    default:
      break;
  }
  const body = w.toBuffer();
  const out = Buffer.alloc(HEADER_LENGTH + body.length);
  out.writeUInt32BE(out.length, 0);
  out.writeUInt32BE(COMMAND_IDS[pdu.command], 4);
  out.writeUInt32BE(pdu.status >>> 0, 8);
  out.writeUInt32BE(pdu.sequence >>> 0, 12);
  body.copy(out, HEADER_LENGTH);
  return out;
}

/**
 * Decodes one whole PDU (`buf` holds exactly command_length octets). Throws SmppPduError with
 * the status to answer: ESME_RINVCMDLEN for a length that does not fit, ESME_RINVCMDID for an
 * unknown command, ESME_RINVPARLEN/ESME_RINVOPTPARSTREAM for a field that does not.
 */
export function decodePdu(buf: Buffer): Pdu {
  if (buf.length < HEADER_LENGTH)
    throw new SmppPduError(STATUS.ESME_RINVCMDLEN, "a PDU is at least 16 octets", 0, 0);
  const h = readHeader(buf);
  const fail = (status: number, message: string) =>
    new SmppPduError(status, message, h.commandId, h.sequence);
  if (h.length !== buf.length || h.length > MAX_PDU_LENGTH)
    throw fail(
      STATUS.ESME_RINVCMDLEN,
      `command_length ${h.length} does not match the ${buf.length} octets read`,
    );
  const command = commandName(h.commandId);
  if (command === undefined)
    throw fail(
      STATUS.ESME_RINVCMDID,
      `command_id 0x${h.commandId.toString(16).padStart(8, "0")} is not one smsgw knows`,
    );
  const head = { status: h.status, sequence: h.sequence };
  const r = new BodyReader(buf, HEADER_LENGTH, buf.length);
  // A response with an error status may come without its body (§4.1.2, §4.4.2).
  const noBody = isResponseId(h.commandId) && r.remaining === 0;
  try {
    const pdu = decodeBody(command, head, r, noBody);
    if (r.remaining !== 0)
      throw fail(STATUS.ESME_RINVCMDLEN, `${r.remaining} octets follow the body of ${command}`);
    return pdu;
  } catch (err) {
    if (err instanceof SmppPduError) throw err;
    if (err instanceof SmppDecodeError) throw fail(err.status, `${command}: ${err.message}`);
    throw err;
  }
}

function decodeBody(
  command: Pdu["command"],
  head: { status: number; sequence: number },
  r: BodyReader,
  noBody: boolean,
): Pdu {
  switch (command) {
    case "bind_transmitter":
    case "bind_receiver":
    case "bind_transceiver":
      return { command, ...head, body: readBind(r) };
    case "bind_transmitter_resp":
    case "bind_receiver_resp":
    case "bind_transceiver_resp":
      return noBody ? { command, ...head } : { command, ...head, body: readBindResp(r) };
    case "submit_sm":
    case "deliver_sm":
      return { command, ...head, body: readShortMessage(r) };
    case "submit_sm_resp":
    case "deliver_sm_resp":
      return noBody ? { command, ...head } : { command, ...head, body: readMessageId(r) };
    case "query_sm":
      return { command, ...head, body: readQuerySm(r) };
    case "query_sm_resp":
      return noBody ? { command, ...head } : { command, ...head, body: readQuerySmResp(r) };
    case "cancel_sm":
      return { command, ...head, body: readCancelSm(r) };
    default:
      return { command, ...head };
  }
}
