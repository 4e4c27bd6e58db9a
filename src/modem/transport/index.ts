export { type PortProblem, portProblemOf } from "./problem.js";
export { type SerialOptions, serialTransport } from "./serial.js";
export { tcpTransport } from "./tcp.js";
export type { OpenTransport } from "./types.js";
export { transportFromUrl } from "./url.js";
