/** The gateway's health: one document, rendered by the HTTP API and the MQTT bridge. */
export {
  buildHealthDocument,
  HEALTH_LIMITS,
  type HealthCheck,
  type HealthDocument,
  type HealthInputs,
  type HealthStatus,
  healthHttpStatus,
  worst,
} from "./document.js";
export { HealthMonitor, type HealthMonitorEvents, type HealthSources } from "./monitor.js";
