/**
 * The SMPP 3.4 server: a door to the SMS service like the MQTT bridge and the HTTP API.
 * Loaded only when `smpp.enabled` (the gateway imports it dynamically).
 */
export { DeliveryStore } from "./delivery-store.js";
export {
  openSmppDeliveries,
  type SmppDoor,
  type SmppDoorDeps,
  type SmppSessionInfo,
  startSmppDoor,
} from "./server.js";
