export {
  AtChannel,
  type AtChannelEvents,
  type AtChannelOptions,
  type Reconnecting,
} from "./channel.js";
export { type ActiveContext, classifyLine, impliedPrefix, type LineClass } from "./classify.js";
export { AtError, type AtErrorCode, failureToError } from "./errors.js";
export {
  AtFramer,
  type AtToken,
  type DropReason,
  type FramerOptions,
  LineFramer,
} from "./framer.js";
export * from "./parsers/index.js";
export { PriorityQueue } from "./queue.js";
export { isSecretCommand, redactCommand } from "./redact.js";
export { type FinalResult, parseFinal } from "./result-codes.js";
export { AtTrace, TRACE_LINES, type TraceLine } from "./trace.js";
export * from "./transaction.js";
export {
  type AtCommand,
  type AtCommandDone,
  type AtCommandResult,
  type AtResponse,
  type AtRunner,
  commandName,
  type Urc,
} from "./types.js";
export { isKnownUrc, isTwoLineUrc, parseUrc, prefixName } from "./urc.js";
export { UrcWaiters } from "./waiters.js";
