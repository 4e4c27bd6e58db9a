export { Gateway, type GatewayOptions, stopOnSignals } from "./gateway.js";
export { modemHardware, parseSimUrl } from "./modem-port.js";
