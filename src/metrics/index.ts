/**
 * Prometheus metrics (loaded only when `metrics.enabled`: the gateway imports it dynamically,
 * so a gateway without metrics loads none of prom-client).
 */
export {
  type AuthInterface,
  createGatewayMetrics,
  type GatewayMetrics,
  type MetricsSources,
} from "./gateway-metrics.js";
export { type MetricsListener, startMetricsListener } from "./listener.js";
