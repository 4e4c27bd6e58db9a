export {
  type BalanceEvents,
  BalanceMonitor,
  type BalanceOptions,
  type BalanceReading,
  parseAmount,
} from "./balance.js";
export {
  USSD_PRIORITY,
  type UssdAtPort,
  type UssdOptions,
  UssdService,
  type UssdServiceEvents,
} from "./service.js";
export type {
  UssdEvent,
  UssdRequest,
  UssdRequestEncoding,
  UssdResult,
  UssdStatus,
} from "./types.js";
