/**
 * Every error code smsgw gives, with one sentence each: the closed set that `SmsgwError`, the
 * outbox's failure codes and MQTT error responses draw from. A door that maps codes to its own
 * status codes (HTTP, SMPP) switches over `ErrorCode` and the compiler names any it missed.
 * docs/errors.md is generated from this table (`npm run docs:config`).
 */
export const ERROR_CODES = {
  "pdu.empty": "The PDU is empty.",
  "pdu.bad-hex": "The PDU is not hexadecimal.",
  "pdu.odd-length": "The PDU has an odd number of hex digits.",
  "pdu.too-long": "The PDU is longer than an SMS can be.",
  "pdu.truncated": "The PDU ends before the fields its header announces.",
  "pdu.bad-length": "A length field of the PDU does not match its content.",
  "pdu.bad-address": "An address field of the PDU cannot be read.",
  "pdu.bad-udh": "The user data header of the PDU cannot be read.",
  "pdu.bad-udl": "The user data length of the PDU does not fit its data.",
  "pdu.compressed": "The text is compressed (TS 23.042), which smsgw does not read.",
  "pdu.unsupported-type": "The PDU is of a message type smsgw does not read.",
  "pdu.invalid-address": "A number to encode is not a valid address.",
  "pdu.invalid-option": "An encoding option is out of range.",
  "pdu.unencodable": "The text cannot be encoded in the alphabet asked for.",
  "pdu.too-many-parts": "The text needs more parts than allowed.",
  "pdu.internal": "The codec reached a state it should never reach (a bug).",

  "at.error": "The modem answered ERROR.",
  "at.cme": "The modem answered +CME ERROR (equipment or SIM); details.cme has the number.",
  "at.cms": "The modem answered +CMS ERROR (SMS service); details.cms has the number.",
  "at.timeout": "The modem gave no final answer in time.",
  "at.prompt-timeout": "The modem did not show the > prompt for the PDU in time.",
  "at.closed": "The connection to the modem closed while the command was pending.",
  "at.aborted": "The command or the wait was cancelled before it finished.",
  "at.not-supported": "The modem does not support the command.",
  "at.no-carrier": "The modem answered NO CARRIER.",
  "at.parse": "An answer of the modem could not be read.",

  "transport.open-failed": "The serial device or TCP port could not be opened.",
  "transport.aborted": "Opening the serial device or TCP port was cancelled.",
  "transport.invalid-url":
    "The modem port is not a device path, a tcp://host:port or a sim:// URL.",
  "transport.invalid-baud": "The baud rate is not a positive whole number.",
  "transport.pty": "The pseudo-terminal for the simulator (socat) could not be made.",
  "transport.timeout": "The transport did not open or answer in time.",

  "modem.aborted": "Waiting for the modem was cancelled (its state changed or it stopped).",
  "modem.stopped": "The modem was stopped.",
  "modem.no-answer": "The modem does not answer AT.",
  "modem.no-power-control": "A power cycle is needed but no PWRKEY is configured.",
  "modem.sms-not-ready": "The modem still refuses SMS commands after its start-up time.",
  "modem.cnmi-refused": "The modem accepts none of the AT+CNMI settings that route new SMS.",
  "modem.2g-only": "Warning: the module has only a 2G radio; 2G networks are being switched off.",
  "modem.gpio-unavailable": "The kernel has no sysfs GPIO, so PWRKEY cannot be driven.",
  "modem.gpio-unsupported": "GPIO power control needs Linux sysfs GPIO; this system has none.",
  "modem.gpio-no-chip": "No Raspberry Pi GPIO chip (the one carrying the 40-pin header) was found.",
  "modem.gpio-invalid-pin": "The BCM pin number is not a line of the header's GPIO chip.",
  "modem.gpio-export": "The GPIO pin could not be opened through sysfs.",
  "modem.gpio-onoff-missing": "The optional onoff package is not installed.",
  "modem.gpio-epoll-missing": "The native epoll part of onoff is not built for this Node.js.",

  "network.2g": "Warning: registered on a 2G network, which is being switched off.",

  "sms.invalid-number": "A phone number is not valid.",
  "sms.empty-text": "The text is empty.",
  "sms.too-many-parts": "The text needs more parts than sms.maxParts.",
  "sms.queue-full": "The outbox holds sms.queueCapacity messages; nothing more is accepted.",
  "sms.invalid-request": "The send request is not valid (a field is wrong or missing).",
  "sms.not-found": "No message has this id.",
  "sms.not-cancellable": "The message is already sent or finished, so it cannot be cancelled.",
  "sms.rejected": "The network refused the message for good (a permanent +CMS ERROR).",
  "sms.retries-exhausted": "Temporary errors went on until sms.retry.maxAttempts was used up.",
  "sms.send-retry": "A temporary error: the message waits and is sent again.",
  "sms.delivery-failed": "The delivery report says the message did not reach the phone.",
  "sms.expired": "The message's time to live passed before it could be sent.",
  "sms.destination-denied":
    "The destination policy refuses the number (a premium, shared-cost or satellite range, a country not in sms.policy.allowedCountries, or a short code).",
  "sms.too-many-recipients": "The request names more recipients than sms.maxRecipients.",
  "sms.opted-out":
    "The number is on the opt-out list (it replied STOP): a low or normal priority message to it fails unless the request says `transactional: true`.",

  "ussd.busy": "A USSD dialogue is already open or waiting for the network; only one at a time.",
  "ussd.no-session": "A reply or cancel names no open USSD dialogue (it ended or timed out).",
  "ussd.not-ready": "The modem is not registered and ready, so no USSD can be sent.",
  "ussd.unavailable": "This gateway offers no USSD (the door has no USSD service).",
  "ussd.invalid-code": "The USSD string is empty, too long or has characters USSD cannot carry.",

  "store.corrupt": "The store's files are damaged and no good copy is left.",
  "store.closed": "The store is closed.",
  "store.full": "The store's live queue is full.",
  "store.locked": "Another process holds the store directory.",

  "mqtt.invalid-json": "The request payload is not JSON.",
  "mqtt.payload-too-large": "The request payload is larger than mqtt.maxPayloadBytes.",
  "mqtt.invalid-payload": "The request payload is not UTF-8 text.",
  "mqtt.invalid-request": "The request has wrong types or unknown fields (each is named).",
  "mqtt.invalid-topic":
    "A topic is not valid: a request topic with extra or wrong levels, or a topic to publish that breaks MQTT's rules (control characters, wildcards, too long).",
  "mqtt.publish-timeout": "The broker did not acknowledge a publish in time.",
  "mqtt.retained-request": "A retained request was refused: it would run again at every restart.",
  "mqtt.unknown-request": "No request of that name exists.",
  "mqtt.internal": "The request failed in a way smsgw did not expect (a bug).",
  "mqtt.not-started": "The MQTT bridge is not started.",
  "mqtt.timeout": "The broker or the gateway gave no answer in time.",
  "mqtt.connect-failed": "The broker could not be reached.",
  "mqtt.adopt-failed": "Adopting a dead fleet member's session failed.",

  "http.unauthorized": "The HTTP request has no valid API token (Authorization: Bearer).",
  "http.forbidden": "The API token lacks the scope the route needs.",
  "http.too-many-failures":
    "Too many failed authentications from this client address; wait for Retry-After.",
  "http.invalid-json": "The HTTP request body is not JSON.",
  "http.unsupported-media-type": "The HTTP request body is not application/json.",
  "http.payload-too-large": "The HTTP request body is larger than http.maxBodyBytes.",
  "http.id-conflict": "A message with this id exists with another body.",
  "http.not-found": "No such HTTP route.",
  "http.bad-url":
    "The request URL cannot be read: a malformed percent-encoding or an overlong path segment.",
  "http.store-unavailable": "The store cannot write, so nothing new is accepted for now.",
  "http.internal": "The HTTP request failed in a way smsgw did not expect (a bug).",
  "http.token-file": "The API token file cannot be read or is damaged.",
  "http.token-invalid":
    "A token name or scope given to `smsgw token` is not valid, or the name is taken.",
  "http.token-not-found": "No API token has this id.",
  "http.opt-out-not-found": "The number is not on the opt-out list.",
  "http.batch-too-large": "A batch names more numbers than http.batches.maxRecipients.",
  "http.batch-not-found": "No batch has this id.",
  "http.webhook-not-found": "No webhook has this id.",
  "http.webhook-read-only":
    "The webhook is defined in the config file: change it there (it can only be switched off and on here).",
  "http.webhooks-unavailable":
    "This gateway runs no webhook engine (the door was started without one).",
  "http.csrf":
    "A state-changing request with the web UI's session cookie lacks its X-CSRF-Token header (or has a wrong one).",
  "http.session-expired": "The web UI session is unknown or has ended; log in again.",
  "http.at-console-off":
    "The AT console is off (http.ui.atConsole: false); turn it on in the config file to use it.",
  "http.at-command-refused":
    "The AT console refuses this command: not an AT command, or one that changes the SIM PIN or a lock.",
  "http.modem-unavailable": "The gateway has no started modem to send to or restart.",
  "http.backup-invalid": "The uploaded file is not an smsgw backup, or a file in it is damaged.",
  "http.restore-failed": "A checked backup could not be written (the config file is not writable).",
  "http.reboot-unavailable":
    "This gateway may not reboot its host (it does not run as the image's systemd service).",

  "http.password-not-set": "The web UI has no admin password yet; the first visit sets one.",
  "http.password-set-already": "The web UI's admin password is set already; log in instead.",
  "http.password-invalid": "The new admin password breaks the length rule.",
  "http.wrong-password": "The admin password given is not the right one.",
  "http.password-file": "The admin password file cannot be read or is damaged.",

  "config.invalid": "The configuration has problems; details.issues lists each with its key.",
  "config.no-file":
    "The gateway was started without a config file, so there is none to read or change here.",
  "config.not-writable":
    "The gateway cannot write its config file (its permissions, or a read-only filesystem).",

  "modem.pin-refused":
    "The SIM PIN was not tried: the SIM asks for none, or a wrong PIN could lock it behind its PUK.",

  "automation.no-store": "Automation was started without a place for its state.",
  "automation.unknown-recipient": "A recipient is neither a contact, a group nor a number.",
} as const satisfies Record<string, string>;

/** One of the codes above. */
export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** docs/errors.md: the codes by area, each with its sentence. */
export function errorCatalogueMarkdown(): string {
  const lines = [
    "# Error codes",
    "",
    "Every error smsgw reports carries one of these codes: MQTT error responses",
    '(`{"status":"error","code":…}`), a failed message\'s `error.code` on `<base>/status/<id>`,',
    "the CLI's JSON errors and the logs. The code is `<area>.<reason>`; the set is closed, so a",
    "program may switch on it. Generated from `src/error-codes.ts` by `npm run docs:config`.",
  ];
  let area = "";
  for (const [code, sentence] of Object.entries(ERROR_CODES)) {
    const a = code.slice(0, code.indexOf("."));
    if (a !== area) {
      area = a;
      lines.push("", `## \`${a}\``, "", "| code | meaning |", "|---|---|");
    }
    lines.push(`| \`${code}\` | ${sentence.replace(/\|/g, "\\|")} |`);
  }
  return `${lines.join("\n")}\n`;
}
