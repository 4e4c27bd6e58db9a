export type { CommandAuditEvent, CommandOutcome } from "./audit.js";
export { Automation, type AutomationOptions, createAutomation } from "./automation.js";
export type { Clock } from "./clock.js";
export {
  type AlertRuleConfig,
  type AutomationConfig,
  type AutomationConfigInput,
  automationSchema,
  type CommandConfig,
  type ScheduleConfig,
} from "./config-schema.js";
export { MqttClientPort } from "./mqtt-port.js";
export type {
  HousekeepingTasks,
  ModemInfoLike,
  MqttMessageMeta,
  MqttPort,
  SmsPort,
} from "./ports.js";
export {
  type AutomationState,
  emptyAutomationState,
  openAutomationState,
  STATE_FILE,
} from "./state.js";
export { topicMatches, validateTopicFilter } from "./topic-filter.js";
export { decodeBase32, encodeBase32, generateSecret, hotp, otpauthUri, totp } from "./totp.js";
