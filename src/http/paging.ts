import { SmsgwError } from "../errors.js";

/**
 * Cursor pagination over two sources, newest first: the live part (messages still in the
 * queue or not yet handed on, held in memory) and then the history log. The cursor names
 * where the last page stopped: an offset into the live part, or a time in the history and
 * how many entries of that very time were already given. A message that finishes between two
 * pages moves from one part to the other and may appear twice or not at all: a listing of a
 * live queue, not a snapshot.
 */
type Cursor = { p: "l"; o: number } | { p: "h"; u?: number; s: number };

export interface PagedSource<T> {
  /** The live items, newest first, already filtered. */
  live: T[];
  /** History entries appended at or before `until`, newest first, at most `limit`. */
  history(q: { limit: number; until?: number }): Promise<Array<{ at: number; item: T }>>;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decode(s: string): Cursor {
  const bad = () =>
    new SmsgwError("mqtt.invalid-request", "`cursor` is not one this API gave", {
      details: { fields: [{ field: "cursor", message: "not a cursor this API gave" }] },
    });
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const o = c as Partial<{ p: string; o: number; u: number; s: number }>;
  const whole = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
  if (o?.p === "l" && whole(o.o)) return { p: "l", o: o.o as number };
  if (o?.p === "h" && whole(o.s) && (o.u === undefined || whole(o.u)))
    return o.u === undefined ? { p: "h", s: o.s as number } : { p: "h", u: o.u, s: o.s as number };
  throw bad();
}

export async function pageOf<T>(
  src: PagedSource<T>,
  limit: number,
  cursor: string | undefined,
): Promise<Page<T>> {
  let c: Cursor = cursor === undefined ? { p: "l", o: 0 } : decode(cursor);
  const items: T[] = [];
  if (c.p === "l") {
    const rest = src.live.slice(c.o);
    items.push(...rest.slice(0, limit));
    if (rest.length > limit) return { items, nextCursor: encode({ p: "l", o: c.o + limit }) };
    c = { p: "h", s: 0 };
  }
  const need = limit - items.length;
  const skip = c.s;
  // One more than needed tells whether another page follows.
  const entries = (
    await src.history({ limit: need + skip + 1, ...(c.u === undefined ? {} : { until: c.u }) })
  ).slice(skip);
  const taken = entries.slice(0, need);
  items.push(...taken.map((e) => e.item));
  if (entries.length <= need) return { items };
  const last = taken.at(-1);
  if (last === undefined) return { items, nextCursor: encode(c) };
  const sameTime = taken.filter((e) => e.at === last.at).length;
  const s = last.at === c.u ? skip + sameTime : sameTime;
  return { items, nextCursor: encode({ p: "h", u: last.at, s }) };
}
