import { isQuoted, parseError, splitFields, unquote } from "./fields.js";

export type RegistrationKind = "CREG" | "CGREG" | "CEREG" | "C5GREG";

/** 27.007 §7.2 `<stat>` 0–11 (MM MMModem3gppRegistrationState uses the same numbers). */
export const REGISTRATION_STATUS = [
  "not-registered",
  "home",
  "searching",
  "denied",
  "unknown",
  "roaming",
  "sms-only-home",
  "sms-only-roaming",
  "emergency-only",
  "csfb-not-preferred-home",
  "csfb-not-preferred-roaming",
  "attached-rlos",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUS)[number];

/** 27.007 `<AcT>` 0–13 (MM get_mm_access_tech_from_etsi_access_tech). */
export const ACCESS_TECHNOLOGY = [
  "gsm",
  "gsm-compact",
  "utran",
  "edge",
  "hsdpa",
  "hsupa",
  "hspa",
  "e-utran",
  "ec-gsm-iot",
  "nb-iot",
  "e-utra-5gcn",
  "nr-5gcn",
  "ng-ran",
  "en-dc",
] as const;
export type AccessTechnology = (typeof ACCESS_TECHNOLOGY)[number];

export interface Registration {
  kind: RegistrationKind;
  /** Which form was recognised: the `AT+CREG?` answer (with `<n>`) or the URC (without). */
  form: "solicited" | "urc";
  n?: number;
  stat: number;
  status: RegistrationStatus;
  /** LAC (CREG/CGREG) or TAC (CEREG/C5GREG), from hex. */
  lac?: number;
  ci?: number;
  act?: number;
  accessTechnology?: AccessTechnology;
  /** Registered so that SMS works: home, roaming, SMS-only, CSFB-not-preferred (1, 5, 6, 7, 9, 10). */
  canSms: boolean;
}

const SMS_OK = new Set([1, 5, 6, 7, 9, 10]);
const LINE = /^\+(C5GREG|CEREG|CGREG|CREG)\s*:\s*(.*)$/i;

export function isRegistrationLine(line: string): boolean {
  return LINE.test(line.trim());
}

/**
 * `+CREG/+CGREG/+CEREG/+C5GREG` in both forms. The solicited answer starts with `<n>`, the URC
 * does not, and some lines fit both (`+CREG: 1,0001,0010,0`), so both readings are scored by
 * plausibility (LAC of one digit, AcT out of range, a quoted stat…) and `solicited` (whether an
 * `AT+CREG?` is outstanding) breaks ties — as MM does with its two regex sets. Vendor shapes
 * handled: leading zeros (Iridium), stray spaces (Alcatel, Gobi), a RAC between TAC and CI
 * (Novatel/Altair CEREG), a RAC after AcT (CGREG), Samsung's trailing fields. Throws `at.parse`.
 */
export function parseRegistration(line: string, opts: { solicited?: boolean } = {}): Registration {
  const m = LINE.exec(line.trim());
  if (!m) throw parseError("registration", line);
  const kind = m[1]!.toUpperCase() as RegistrationKind;
  const fields = splitFields(m[2]!);
  const sol = read(fields, true);
  const urc = read(fields, false);
  let pick: Reading | undefined;
  if (sol && urc) {
    if (sol.penalty !== urc.penalty) pick = sol.penalty < urc.penalty ? sol : urc;
    else pick = opts.solicited ? sol : urc;
  } else pick = sol ?? urc;
  if (pick === undefined) throw parseError("registration", line);
  const out: Registration = {
    kind,
    form: pick.solicited ? "solicited" : "urc",
    stat: pick.stat,
    status: REGISTRATION_STATUS[pick.stat]!,
    canSms: SMS_OK.has(pick.stat),
  };
  if (pick.n !== undefined) out.n = pick.n;
  if (pick.lac !== undefined) out.lac = pick.lac;
  if (pick.ci !== undefined) out.ci = pick.ci;
  if (pick.act !== undefined) {
    out.act = pick.act;
    out.accessTechnology = ACCESS_TECHNOLOGY[pick.act]!;
  }
  return out;
}

/** Alias: the same parser serves +CREG, +CGREG, +CEREG and +C5GREG. */
export const parseCreg = parseRegistration;

interface Reading {
  solicited: boolean;
  penalty: number;
  n?: number;
  stat: number;
  lac?: number;
  ci?: number;
  act?: number;
}

function read(fields: string[], solicited: boolean): Reading | undefined {
  let off = 0;
  let n: number | undefined;
  if (solicited) {
    if (fields.length < 2) return undefined;
    n = plainInt(fields[0]);
    if (n === undefined || n > 5) return undefined;
    off = 1;
  }
  const stat = plainInt(fields[off]);
  if (stat === undefined || stat > 11) return undefined;
  let penalty = 0;
  const lacField = fields[off + 1];
  const rest = fields.slice(off + 2);
  // A LAC/TAC is 2+ hex digits in practice; a lone digit here means we mis-aligned the fields.
  if (lacField !== undefined && lacField !== "" && unquote(lacField).trim().length < 2) penalty++;
  let ciField = rest[0];
  let actField = rest[1];
  let used = 2;
  // Novatel/Altair CEREG: `<tac>, <rac>, <ci>, <act>` — a short field before the CI.
  if (rest.length >= 3 && !isQuoted(rest[0]!) && rest[0]!.length <= 2 && validAct(rest[2])) {
    ciField = rest[1];
    actField = rest[2];
    used = 3;
  }
  // Fields past AcT exist (RAC, cause, Samsung's extras) but the reading that explains more
  // of the line with known fields is the likelier one.
  penalty += Math.max(0, rest.length - used);
  let act: number | undefined;
  if (actField !== undefined && actField !== "") {
    if (validAct(actField)) act = Number(actField);
    else penalty++;
  }
  const reading: Reading = { solicited, penalty, stat };
  if (n !== undefined) reading.n = n;
  const lac = hex(lacField);
  if (lac !== undefined) reading.lac = lac;
  const ci = hex(ciField);
  if (ci !== undefined) reading.ci = ci;
  if (act !== undefined) reading.act = act;
  return reading;
}

function plainInt(field: string | undefined): number | undefined {
  if (field === undefined || isQuoted(field)) return undefined;
  return /^\d+$/.test(field) ? Number(field) : undefined;
}

function validAct(field: string | undefined): boolean {
  const v = plainInt(field);
  return v !== undefined && v <= 13;
}

function hex(field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const t = unquote(field).trim();
  return /^[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : undefined;
}
