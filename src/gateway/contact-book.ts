import type { Config } from "../config/schema.js";
import type { SmsService } from "../sms/service.js";

/** The contact book (`contacts`, `automation.contacts`) as the doors that name people read it. */
export async function contactsOf(config: Config, service: SmsService) {
  // Imported with a door that needs it only: a gateway without one loads none of this.
  const { Contacts, homeCountryOf } = await import("../automation/contacts.js");
  const home = config.automation.homeCountryCode;
  const configured = home === undefined ? undefined : homeCountryOf(home);
  return new Contacts(
    config.automation.contacts,
    config.contacts,
    () => configured ?? service.simCountry,
  );
}
