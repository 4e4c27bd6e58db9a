/** Every PDU starts with four 32-bit fields (§3.2): length, command id, status, sequence. */
export const HEADER_LENGTH = 16;

/**
 * The longest PDU smsgw reads. A submit_sm with a full message_payload (64 KiB) fits; a
 * larger command_length is an absurd one, refused before any of it is buffered.
 */
export const MAX_PDU_LENGTH = 70_000;

/** Sequence numbers run 0x00000001–0x7FFFFFFF (§5.1.4). */
export const MAX_SEQUENCE = 0x7fffffff;

export interface RawHeader {
  length: number;
  commandId: number;
  status: number;
  sequence: number;
}

export function readHeader(buf: Buffer): RawHeader {
  return {
    length: buf.readUInt32BE(0),
    commandId: buf.readUInt32BE(4),
    status: buf.readUInt32BE(8),
    sequence: buf.readUInt32BE(12),
  };
}
