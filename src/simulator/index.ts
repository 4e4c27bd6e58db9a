/** The faithful modem simulator: in-process, over TCP, or behind a socat PTY. */
export type { BehaviourAction, CommandMatcher, ReplySpec } from "./behaviours.js";
export type { DeliverSmsOptions } from "./delivery-plan.js";
export type { CpmsSetting, Memories, MemoryName } from "./memories.js";
export { SimulatedModem } from "./modem.js";
export type { Domain, OperatorInfo } from "./network.js";
export type { SimulatedModemOptions } from "./options.js";
export { createPortPair } from "./port-pair.js";
export { isProfileName, type Profile, profileNames, profiles } from "./profiles.js";
export type { Cnmi, Settings } from "./settings.js";
export type { SimStatus } from "./sim-card.js";
export type { SimStorage, StoredSms } from "./sim-storage.js";
export type { TimingConfig, TimingMode, TimingOption } from "./timing.js";
export type {
  InboundPart,
  ProfileName,
  ReportDelivered,
  SentSms,
  SimulatedModemEvents,
} from "./types.js";
export type { SimUssdAnswer, SimUssdStyle } from "./ussd.js";
