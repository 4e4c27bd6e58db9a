import type { Handler } from "../dispatcher.js";
import { basicHandlers } from "./basic.js";
import { networkHandlers } from "./network.js";
import { simHandlers } from "./sim.js";
import { smsConfigHandlers } from "./sms-config.js";
import { smsSendHandlers } from "./sms-send.js";
import { smsStorageHandlers } from "./sms-storage.js";

/** Every command the simulated module knows, by upper-case name ("+CSQ", "E", "&F"). */
export const defaultHandlers: Readonly<Record<string, Handler>> = {
  ...basicHandlers,
  ...simHandlers,
  ...networkHandlers,
  ...smsConfigHandlers,
  ...smsStorageHandlers,
  ...smsSendHandlers,
};
