import type { PinAttempts, PinCounter } from "./types.js";

function fields(lines: readonly string[], prefix: string): string[] | undefined {
  const line = lines.find((l) => l.toUpperCase().startsWith(prefix));
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(":") + 1)
    .split(",")
    .map((f) => f.trim().replace(/^"|"$/g, ""));
}

function int(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function attempts(pin: number | undefined, puk: number | undefined): PinAttempts | undefined {
  if (pin === undefined && puk === undefined) return undefined;
  const out: PinAttempts = {};
  if (pin !== undefined) out.pin = pin;
  if (puk !== undefined) out.puk = puk;
  return out;
}

/** SIMCom `AT+SPIC` → `+SPIC: <pin1>,<pin2>,<puk1>,<puk2>` (ofono drivers/atmodem/sim.c at_spic_cb). */
export const spic: PinCounter = {
  command: { command: "AT+SPIC", expect: "+SPIC:", timeoutMs: 5000 },
  parse(lines) {
    const f = fields(lines, "+SPIC");
    return f && attempts(int(f[0]), int(f[2]));
  },
};

/** 27.007 §8.65 `AT+CPINR="SIM PIN"` → `+CPINR: SIM PIN,<retries>,<default_retries>`. */
export const cpinr: PinCounter = {
  command: { command: 'AT+CPINR="SIM PIN"', expect: "+CPINR:", timeoutMs: 5000 },
  parse(lines) {
    const f = fields(lines, "+CPINR");
    return f && attempts(int(f[1]), undefined);
  },
};

/** Quectel `AT+QPINC="SC"` → `+QPINC: "SC",<pincounter>,<pukcounter>`. */
export const qpinc: PinCounter = {
  command: { command: 'AT+QPINC="SC"', expect: "+QPINC:", timeoutMs: 5000 },
  parse(lines) {
    const f = fields(lines, "+QPINC");
    return f && attempts(int(f[1]), int(f[2]));
  },
};
