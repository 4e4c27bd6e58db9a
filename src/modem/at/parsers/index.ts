export { type ClipResult, parseClip } from "./clip.js";
export { parseCmgs, parseCsca } from "./cmgs.js";
export { type Operator, parseCops } from "./cops.js";
export { parseCpin, type SimState } from "./cpin.js";
export { parseCpms, parseCpmsTest, type Storage, type StorageUse } from "./cpms.js";
export { csqToDbm, csqToPercent, parseCsq, type SignalQuality } from "./csq.js";
export { type CusdResult, parseCusd } from "./cusd.js";
export { findLine, splitFields, toLines, unquote } from "./fields.js";
export { parseCmgl, parseCmgr, type StoredPdu } from "./messages.js";
export {
  ACCESS_TECHNOLOGY,
  type AccessTechnology,
  isRegistrationLine,
  parseCreg,
  parseRegistration,
  REGISTRATION_STATUS,
  type Registration,
  type RegistrationKind,
  type RegistrationStatus,
} from "./registration.js";
