/**
 * Commands whose arguments are secrets (27.007 §8.3 +CPIN PIN/PUK, §7.5 +CPWD, §7.4 +CLCK
 * password; SIMCom/Quectel PIN counters take none). Their arguments never reach a log or error.
 */
const SECRET = /^AT\+(CPIN|CPIN2|CPWD|CLCK)=/i;

/** `AT+CPIN="1234"` → `AT+CPIN="****"`, `AT+CPIN=12345678,1234` → `AT+CPIN=****,****`. */
export function redactCommand(command: string, force = false): string {
  const eq = command.indexOf("=");
  if (eq < 0) return command;
  if (!force && !SECRET.test(command)) return command;
  const args = command.slice(eq + 1);
  if (args === "?") return command;
  const masked = args
    .split(",")
    .map((arg) => {
      const trimmed = arg.trim();
      if (trimmed === "") return arg;
      return trimmed.startsWith('"') ? '"****"' : "****";
    })
    .join(",");
  return `${command.slice(0, eq + 1)}${masked}`;
}

/** Whether this command's arguments must be hidden even without `redact: true`. */
export function isSecretCommand(command: string): boolean {
  return SECRET.test(command);
}
