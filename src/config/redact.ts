import type { Config } from "./schema.js";

export const REDACTED = "***";

/** A password in the broker URL (`mqtt://user:secret@host`) must not reach a log either. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === "") return url;
    u.password = REDACTED;
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * The configuration as it may be logged or published in `<base>/bridge/info`: secrets (SIM PIN,
 * MQTT password, the password in the URL) replaced by "***" when set; everything else as is.
 */
export function redactConfig(c: Config): Config {
  const copy = structuredClone(c);
  if (copy.modem.pin !== undefined) copy.modem.pin = REDACTED;
  if (copy.mqtt.password !== undefined) copy.mqtt.password = REDACTED;
  copy.mqtt.url = redactUrl(copy.mqtt.url);
  return copy;
}

/** The short summary published in `bridge/info` (no secrets, no contact numbers). */
export function configSummary(c: Config): Record<string, unknown> {
  return {
    modem: {
      port: c.modem.port,
      baudRate: c.modem.baudRate,
      profile: c.modem.profile,
      pin: c.modem.pin === undefined ? "not set" : "set",
      power: c.modem.power === undefined ? "none" : `BCM ${c.modem.power.pwrkeyPin}`,
    },
    mqtt: {
      url: redactUrl(c.mqtt.url),
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
