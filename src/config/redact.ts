import { REDACTED, redactBySchema, redactUrl } from "./redact-by-schema.js";
import { type Config, configSchema } from "./schema.js";

export { REDACTED, redactUrl };

/**
 * The configuration with every key the schema marks secret (SIM PIN, MQTT password, the
 * password in the broker URL, users' PINs and one-time-code seeds, …) replaced by "***" when
 * set; everything else as is. Derived from the schema's marks, not from a list of names here.
 */
export function redactConfig(c: Config): Config {
  return redactBySchema(configSchema, c);
}

/**
 * The short summary logged at start and published in `bridge/info`: an allow-list of what is
 * useful to see (no contact numbers), taken from the redacted view so a secret cannot slip in.
 */
export function configSummary(config: Config): Record<string, unknown> {
  const c = redactConfig(config);
  return {
    modem: {
      port: c.modem.port,
      baudRate: c.modem.baudRate,
      profile: c.modem.profile,
      pin: c.modem.pin === undefined ? "not set" : "set",
      power: c.modem.power === undefined ? "none" : `BCM ${c.modem.power.pwrkeyPin}`,
    },
    mqtt: {
      url: c.mqtt.url,
      baseTopic: c.mqtt.baseTopic,
      clientId: c.mqtt.clientId,
      protocolVersion: c.mqtt.protocolVersion,
      tls: c.mqtt.tls !== undefined || /^(mqtts|ssl|tls|wss):/.test(c.mqtt.url),
      auth: c.mqtt.username !== undefined,
      homeassistant: c.mqtt.homeassistant.enabled,
    },
    sms: {
      maxParts: c.sms.maxParts,
      ttlSeconds: c.sms.ttlSeconds,
      deliveryReports: c.sms.deliveryReports,
      queueCapacity: c.sms.queueCapacity,
    },
    contacts: c.contacts.map((k) => k.name),
  };
}
