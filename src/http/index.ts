/**
 * The HTTP API: a door to the SMS service like the MQTT bridge, serving the same request table
 * (`src/mqtt/handlers/`). Loaded only when `http.enabled` (the gateway imports it dynamically),
 * so a gateway without it loads no HTTP framework.
 */
export { buildHttpApp, type HttpDoorDeps } from "./app.js";
export { type HttpDoor, startHttpDoor } from "./server.js";
