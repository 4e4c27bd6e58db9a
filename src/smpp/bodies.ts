import { BodyReader, BodyWriter } from "./octets.js";
import type {
  BindBody,
  BindRespBody,
  CancelSmBody,
  MessageIdBody,
  QuerySmBody,
  QuerySmRespBody,
  ShortMessageBody,
} from "./pdu.js";
import { readTlvs, writeTlvs } from "./tlv.js";

/**
 * The bodies of each PDU (§4), field by field. C-Octet String limits are the spec's sizes
 * including the NUL; system_id and password accept up to 65 octets, as ESMEs often send
 * more than the spec's 16 and 9.
 */

export function readBind(r: BodyReader): BindBody {
  return {
    systemId: r.cstring("system_id", 65),
    password: r.cstring("password", 65),
    systemType: r.cstring("system_type", 13),
    interfaceVersion: r.u8("interface_version"),
    addrTon: r.u8("addr_ton"),
    addrNpi: r.u8("addr_npi"),
    addressRange: r.cstring("address_range", 41),
  };
}

export function writeBind(w: BodyWriter, b: BindBody): void {
  w.cstring(b.systemId).cstring(b.password).cstring(b.systemType);
  w.u8(b.interfaceVersion).u8(b.addrTon).u8(b.addrNpi).cstring(b.addressRange);
}

export function readBindResp(r: BodyReader): BindRespBody {
  return { systemId: r.cstring("system_id", 65), tlvs: readTlvs(r) };
}

export function writeBindResp(w: BodyWriter, b: BindRespBody): void {
  w.cstring(b.systemId);
  writeTlvs(w, b.tlvs);
}

export function readShortMessage(r: BodyReader): ShortMessageBody {
  const head = {
    serviceType: r.cstring("service_type", 6),
    sourceAddrTon: r.u8("source_addr_ton"),
    sourceAddrNpi: r.u8("source_addr_npi"),
    sourceAddr: r.cstring("source_addr", 21),
    destAddrTon: r.u8("dest_addr_ton"),
    destAddrNpi: r.u8("dest_addr_npi"),
    destinationAddr: r.cstring("destination_addr", 21),
    esmClass: r.u8("esm_class"),
    protocolId: r.u8("protocol_id"),
    priorityFlag: r.u8("priority_flag"),
    scheduleDeliveryTime: r.cstring("schedule_delivery_time", 17),
    validityPeriod: r.cstring("validity_period", 17),
    registeredDelivery: r.u8("registered_delivery"),
    replaceIfPresentFlag: r.u8("replace_if_present_flag"),
    dataCoding: r.u8("data_coding"),
    smDefaultMsgId: r.u8("sm_default_msg_id"),
  };
  const smLength = r.u8("sm_length");
  const shortMessage = r.octets(smLength, "short_message");
  return { ...head, shortMessage, tlvs: readTlvs(r) };
}

export function writeShortMessage(w: BodyWriter, b: ShortMessageBody): void {
  w.cstring(b.serviceType).u8(b.sourceAddrTon).u8(b.sourceAddrNpi).cstring(b.sourceAddr);
  w.u8(b.destAddrTon).u8(b.destAddrNpi).cstring(b.destinationAddr);
  w.u8(b.esmClass).u8(b.protocolId).u8(b.priorityFlag);
  w.cstring(b.scheduleDeliveryTime).cstring(b.validityPeriod);
  w.u8(b.registeredDelivery).u8(b.replaceIfPresentFlag).u8(b.dataCoding).u8(b.smDefaultMsgId);
  w.u8(b.shortMessage.length).octets(b.shortMessage);
  writeTlvs(w, b.tlvs);
}

export function readMessageId(r: BodyReader): MessageIdBody {
  return { messageId: r.cstring("message_id", 65) };
}

export function writeMessageId(w: BodyWriter, b: MessageIdBody): void {
  w.cstring(b.messageId);
}

export function readQuerySm(r: BodyReader): QuerySmBody {
  return {
    messageId: r.cstring("message_id", 65),
    sourceAddrTon: r.u8("source_addr_ton"),
    sourceAddrNpi: r.u8("source_addr_npi"),
    sourceAddr: r.cstring("source_addr", 21),
  };
}

export function writeQuerySm(w: BodyWriter, b: QuerySmBody): void {
  w.cstring(b.messageId).u8(b.sourceAddrTon).u8(b.sourceAddrNpi).cstring(b.sourceAddr);
}

export function readQuerySmResp(r: BodyReader): QuerySmRespBody {
  return {
    messageId: r.cstring("message_id", 65),
    finalDate: r.cstring("final_date", 17),
    messageState: r.u8("message_state"),
    errorCode: r.u8("error_code"),
  };
}

export function writeQuerySmResp(w: BodyWriter, b: QuerySmRespBody): void {
  w.cstring(b.messageId).cstring(b.finalDate).u8(b.messageState).u8(b.errorCode);
}

export function readCancelSm(r: BodyReader): CancelSmBody {
  return {
    serviceType: r.cstring("service_type", 6),
    messageId: r.cstring("message_id", 65),
    sourceAddrTon: r.u8("source_addr_ton"),
    sourceAddrNpi: r.u8("source_addr_npi"),
    sourceAddr: r.cstring("source_addr", 21),
    destAddrTon: r.u8("dest_addr_ton"),
    destAddrNpi: r.u8("dest_addr_npi"),
    destinationAddr: r.cstring("destination_addr", 21),
  };
}

export function writeCancelSm(w: BodyWriter, b: CancelSmBody): void {
  w.cstring(b.serviceType).cstring(b.messageId);
  w.u8(b.sourceAddrTon).u8(b.sourceAddrNpi).cstring(b.sourceAddr);
  w.u8(b.destAddrTon).u8(b.destAddrNpi).cstring(b.destinationAddr);
}

export { BodyReader, BodyWriter };
