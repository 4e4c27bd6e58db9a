export { MqttBridge, type MqttBridgeOptions } from "./bridge.js";
export { MqttConnection } from "./connection.js";
export * from "./handlers/index.js";
export { type DiscoveryMessage, discoveryMessages, nodeId } from "./homeassistant/discovery.js";
export { modemPayload } from "./modem-payload.js";
export * from "./payloads.js";
export type { ModemView, SmsPort } from "./ports.js";
export * from "./requests.js";
export * from "./topics.js";
