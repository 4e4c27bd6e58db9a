export {
  type CallEvent,
  CallMonitor,
  type CallMonitorOptions,
  type CallRules,
} from "./monitor.js";
export type { CallDecision, CallOutcome, DecidedCall } from "./outcome.js";
