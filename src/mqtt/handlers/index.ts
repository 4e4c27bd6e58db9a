export { health } from "./health.js";
export { queueCancel, queueList } from "./queue.js";
export {
  type BodySchema,
  type BridgeRequest,
  defineRequest,
  MESSAGE_ID,
  parseBody,
  type RequestContext,
} from "./request.js";
export { type SendBody, send, sendBody, sendRequestOf } from "./send.js";
export {
  handleRequest,
  isRequestName,
  knownRequest,
  REQUEST_NAMES,
  REQUESTS,
  type RequestBody,
  type RequestName,
  type ResponseData,
  requestEntry,
} from "./table.js";
