export { MESSAGE_ID, parseBody } from "./body.js";
export type { RequestContext } from "./context.js";
export { health } from "./health.js";
export { queueCancel, queueList } from "./queue.js";
export { type BodySchema, type BridgeRequest, defineRequest } from "./request.js";
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
export { type UssdBody, ussd, ussdBody, ussdRequestOf } from "./ussd.js";
