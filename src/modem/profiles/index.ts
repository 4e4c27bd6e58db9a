export { cpinr, qpinc, spic } from "./pin-counters.js";
export {
  detectProfile,
  ec2x,
  generic,
  profileByName,
  profileIds,
  profiles,
  sim800,
  sim7600,
} from "./profiles.js";
export type { ModemProfile, PinAttempts, PinCounter, ProfileId, RegDomain } from "./types.js";
