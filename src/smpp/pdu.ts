import type { Tlv } from "./tlv.js";

/** bind_transmitter, bind_receiver, bind_transceiver (§4.1). */
export interface BindBody {
  systemId: string;
  password: string;
  systemType: string;
  interfaceVersion: number;
  addrTon: number;
  addrNpi: number;
  addressRange: string;
}

/** bind_*_resp (§4.1.2): absent on an error answer (the ESME must accept that). */
export interface BindRespBody {
  systemId: string;
  tlvs: Tlv[];
}

/** submit_sm (§4.4.1) and deliver_sm (§4.6.1) share one layout. */
export interface ShortMessageBody {
  serviceType: string;
  sourceAddrTon: number;
  sourceAddrNpi: number;
  sourceAddr: string;
  destAddrTon: number;
  destAddrNpi: number;
  destinationAddr: string;
  esmClass: number;
  protocolId: number;
  priorityFlag: number;
  scheduleDeliveryTime: string;
  validityPeriod: string;
  registeredDelivery: number;
  replaceIfPresentFlag: number;
  dataCoding: number;
  smDefaultMsgId: number;
  shortMessage: Buffer;
  tlvs: Tlv[];
}

/** submit_sm_resp and deliver_sm_resp (message_id is empty in deliver_sm_resp). */
export interface MessageIdBody {
  messageId: string;
}

export interface QuerySmBody {
  messageId: string;
  sourceAddrTon: number;
  sourceAddrNpi: number;
  sourceAddr: string;
}

export interface QuerySmRespBody {
  messageId: string;
  finalDate: string;
  messageState: number;
  errorCode: number;
}

export interface CancelSmBody {
  serviceType: string;
  messageId: string;
  sourceAddrTon: number;
  sourceAddrNpi: number;
  sourceAddr: string;
  destAddrTon: number;
  destAddrNpi: number;
  destinationAddr: string;
}

interface Header<C extends string> {
  command: C;
  /** command_status: 0 in requests, the outcome in responses. */
  status: number;
  sequence: number;
}

/** One PDU type per command (so a switch over `command` narrows to it). */
type With<C extends string, B> = C extends string ? Header<C> & { body: B } : never;
/** A PDU whose body is optional: responses carry none when their status is an error. */
type WithBody<C extends string, B> = C extends string ? Header<C> & { body?: B } : never;
type Bare<C extends string> = C extends string ? Header<C> : never;

export type BindCommand = "bind_transmitter" | "bind_receiver" | "bind_transceiver";
export type BindRespCommand = `${BindCommand}_resp`;

/** Every PDU smsgw reads or writes, typed by its command. */
export type Pdu =
  | With<BindCommand, BindBody>
  | WithBody<BindRespCommand, BindRespBody>
  | With<"submit_sm" | "deliver_sm", ShortMessageBody>
  | WithBody<"submit_sm_resp" | "deliver_sm_resp", MessageIdBody>
  | (Header<"query_sm"> & { body: QuerySmBody })
  | WithBody<"query_sm_resp", QuerySmRespBody>
  | (Header<"cancel_sm"> & { body: CancelSmBody })
  | Bare<
      | "cancel_sm_resp"
      | "unbind"
      | "unbind_resp"
      | "enquire_link"
      | "enquire_link_resp"
      | "generic_nack"
    >;

export type PduOf<C extends Pdu["command"]> = Extract<Pdu, { command: C }>;
