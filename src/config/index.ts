export { type ConfigIssue, configError } from "../util/config-issues.js";
export { applyOverrides, type EnvOverride, envOverrides } from "./env.js";
export {
  DEFAULT_CONFIG_PATHS,
  type LoadedConfig,
  type LoadOptions,
  loadConfig,
  loadConfigFile,
  parseConfig,
} from "./load.js";
export { configSummary, REDACTED, redactConfig, redactUrl } from "./redact.js";
export {
  type Config,
  type ConfigInput,
  type Contact,
  configSchema,
  type ModemConfig,
  type MqttConfig,
  type SmsConfig,
} from "./schema.js";
export { toSmsOptions } from "./sms-options.js";
