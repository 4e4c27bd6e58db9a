export {
  type CallEvent,
  CallMonitor,
  type CallMonitorOptions,
  type CallRules,
} from "./monitor.js";
