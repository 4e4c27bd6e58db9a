import { SmppRefusal } from "./smpp-error.js";
import { STATUS } from "./status.js";

/**
 * SMPP time fields (§7.1.1): `YYMMDDhhmmsstnnp`. `p` is `+`/`-` for an absolute time whose
 * zone is nn quarter-hours off UTC, or `R` for a time relative to now (YY years, MM months …).
 * Empty: not given. Returns the time as epoch ms.
 */
export function parseSmppTime(value: string, now: number, field: string): number | undefined {
  if (value === "") return undefined;
  const status = field === "validity_period" ? STATUS.ESME_RINVEXPIRY : STATUS.ESME_RINVSCHED;
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d)(\d{2})([+\-R])$/.exec(value);
  if (m === null)
    throw new SmppRefusal(status, `${field} "${value}" is not YYMMDDhhmmsstnnp (16 characters)`);
  const [yy, mo, dd, hh, mi, ss, t, nn] = m.slice(1, 9).map(Number) as number[];
  const p = m[9];
  if (p === "R") {
    // A relative time counts years as 365 days and months as 30, as SMSCs do.
    const seconds = (((yy! * 365 + mo! * 30 + dd!) * 24 + hh!) * 60 + mi!) * 60 + ss!;
    return now + seconds * 1000;
  }
  if (mo! < 1 || mo! > 12 || dd! < 1 || dd! > 31 || hh! > 23 || mi! > 59 || ss! > 59 || nn! > 48)
    throw new SmppRefusal(status, `${field} "${value}" is not a valid time`);
  const utc = Date.UTC(2000 + yy!, mo! - 1, dd!, hh!, mi!, ss!, t! * 100);
  const offsetMs = nn! * 15 * 60_000;
  return p === "+" ? utc - offsetMs : utc + offsetMs;
}

const two = (n: number) => String(n).padStart(2, "0");

/** `YYMMDDhhmm` in UTC: the receipt's submit and done dates. */
export function receiptDate(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}

/** An absolute SMPP time in UTC (`…000+`): query_sm_resp's final_date. */
export function smppTime(ms: number): string {
  const d = new Date(ms);
  return `${receiptDate(ms)}${two(d.getUTCSeconds())}${Math.floor(d.getUTCMilliseconds() / 100)}00+`;
}
