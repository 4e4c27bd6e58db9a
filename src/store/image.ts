/**
 * The persisted image of a live document, kept as JSON text per entry, and the diff that
 * turns a change of the in-memory document into journal operations.
 *
 * Why a diff and not change tracking: callers mutate records they hold by reference (the
 * outbox keeps its records in a priority queue and calls `update(() => {})` after
 * `r.status = "sent"`), which no proxy can see. Comparing the serialised entries catches
 * every change however it was made. Cost: CPU proportional to the live set per write (a
 * structural compare against the last written JSON image, ≈6–15 ms at 10,000 records on
 * this machine; only changed entries are serialised), but bytes written proportional to
 * what changed — which is the goal (SD-card wear and write time).
 *
 * Granularity: a top-level value that is a plain object is a keyed collection (entries
 * diffed one by one); an array is diffed as one splice (common prefix/suffix kept, so
 * push, shift and removing one element are small); anything else is written whole.
 *
 * Named changes: a caller that knows what it changed may say so (`Touches`); the diff then
 * visits only those collection entries and whole keys, plus every top-level plain value (a
 * handful, cheap). That keeps a write proportional to the change, not to the queue's depth.
 * A change the caller did not name is not written: the store's verify mode (on in the tests)
 * runs the full diff after the named one and fails the write when it finds anything more.
 *
 * Ops (JSON arrays, replayed in order):
 *   ["s", key, value]                   set a top-level value
 *   ["d", key]                          delete a top-level value
 *   ["e", key, entry, value]            set an entry of a collection
 *   ["x", key, entry]                   delete an entry of a collection
 *   ["l", key, start, deleteCount, items]  splice an array
 */

/** A collection entry or array element as last written: its JSON image and size. */
interface Cell {
  image: unknown;
  bytes: number;
}

/**
 * A collection entry as last written: its JSON text, parsed only when a full comparison
 * needs it (a named write compares texts, which it must serialise anyway, and so saves
 * parsing every record it writes back into an image).
 */
interface EntryCell {
  json: string | undefined;
  image: unknown;
  bytes: number;
}

function imageOf(cell: EntryCell): unknown {
  if (cell.json !== undefined) {
    cell.image = JSON.parse(cell.json);
    cell.json = undefined;
  }
  return cell.image;
}

type Slot =
  | { kind: "map"; entries: Map<string, EntryCell> }
  | { kind: "list"; items: Cell[] }
  | { kind: "value"; json: string };

export type Doc = Record<string, unknown>;

/** A change a write made: a whole top-level key (`[key]`) or one entry of a collection. */
export type Touch = readonly [key: string] | readonly [key: string, entry: string];

/** The changes named by the writes of one batch. */
export class Touches {
  readonly whole = new Set<string>();
  readonly entries = new Map<string, Set<string>>();

  add(touches: Iterable<Touch>): void {
    for (const t of touches) {
      if (t.length === 1) {
        this.whole.add(t[0]);
        continue;
      }
      let names = this.entries.get(t[0]);
      if (names === undefined) {
        names = new Set();
        this.entries.set(t[0], names);
      }
      names.add(t[1]);
    }
  }
}

export class Image {
  private slots = new Map<string, Slot>();

  /** Approximate size of the document as JSON (for the compaction threshold). */
  bytes = 0;

  static of(doc: Doc): Image {
    const image = new Image();
    image.diff(doc);
    return image;
  }

  /**
   * Returns the ops that turn the image into `doc` (as JSON texts) and adopts `doc`. With
   * `touches`, a collection or array present in both is compared only where named.
   */
  diff(doc: Doc, touches?: Touches): string[] {
    const ops: string[] = [];
    const seen = new Set<string>();
    for (const key of Object.keys(doc)) {
      const value = doc[key];
      const slot = this.slots.get(key);
      const kind = kindOf(value);
      if (kind === undefined) continue; // undefined/function: JSON leaves it out
      seen.add(key);
      const k = JSON.stringify(key);
      if (kind === "map" && slot?.kind === "map") {
        if (touches === undefined || touches.whole.has(key))
          this.diffMap(k, value as Doc, slot.entries, ops);
        else {
          const names = touches.entries.get(key);
          if (names !== undefined) this.diffEntries(k, value as Doc, slot.entries, names, ops);
        }
      } else if (kind === "list" && slot?.kind === "list") {
        if (touches === undefined || touches.whole.has(key))
          this.diffList(k, value as unknown[], slot, ops);
      } else if (kind === "value") {
        const json = JSON.stringify(value);
        if (slot?.kind === "value" && slot.json === json) continue;
        if (slot !== undefined) this.bytes -= slotBytes(slot);
        this.slots.set(key, { kind: "value", json });
        this.bytes += json.length;
        ops.push(`["s",${k},${json}]`);
      } else {
        // New key, or its shape changed (collection ↔ array ↔ value): write it whole.
        if (slot !== undefined) this.bytes -= slotBytes(slot);
        const fresh: Slot =
          kind === "map" ? { kind: "map", entries: new Map() } : { kind: "list", items: [] };
        this.slots.set(key, fresh);
        const sub: string[] = [];
        if (fresh.kind === "map") this.diffMap(k, value as Doc, fresh.entries, sub);
        else this.diffList(k, value as unknown[], fresh, sub);
        ops.push(`["s",${k},${JSON.stringify(value)}]`);
      }
    }
    if (seen.size !== this.slots.size) {
      for (const [key, slot] of this.slots) {
        if (seen.has(key)) continue;
        this.slots.delete(key);
        this.bytes -= slotBytes(slot);
        ops.push(`["d",${JSON.stringify(key)}]`);
      }
    }
    return ops;
  }

  private diffMap(k: string, value: Doc, entries: Map<string, EntryCell>, ops: string[]): void {
    let present = 0;
    for (const entry of Object.keys(value)) {
      const v = value[entry];
      if (v === undefined || typeof v === "function") continue;
      present++;
      const old = entries.get(entry);
      // Structural compare first: serialising only what changed keeps a write cheap at depth.
      if (old !== undefined && sameAsJson(v, imageOf(old))) continue;
      const json = JSON.stringify(v);
      if (old !== undefined) this.bytes -= old.bytes + entry.length;
      entries.set(entry, { json, image: undefined, bytes: json.length });
      this.bytes += json.length + entry.length;
      ops.push(`["e",${k},${JSON.stringify(entry)},${json}]`);
    }
    // Only walk the old entries when some must have gone (most writes delete nothing).
    if (entries.size === present) return;
    for (const [entry, old] of entries) {
      const v = Object.hasOwn(value, entry) ? value[entry] : undefined;
      if (v !== undefined && typeof v !== "function") continue;
      entries.delete(entry);
      this.bytes -= old.bytes + entry.length;
      ops.push(`["x",${k},${JSON.stringify(entry)}]`);
    }
  }

  /** Only the named entries of a collection: set when present and changed, deleted when gone. */
  private diffEntries(
    k: string,
    value: Doc,
    entries: Map<string, EntryCell>,
    names: Set<string>,
    ops: string[],
  ): void {
    for (const entry of names) {
      const v = Object.hasOwn(value, entry) ? value[entry] : undefined;
      const old = entries.get(entry);
      if (v === undefined || typeof v === "function") {
        if (old === undefined) continue;
        entries.delete(entry);
        this.bytes -= old.bytes + entry.length;
        ops.push(`["x",${k},${JSON.stringify(entry)}]`);
        continue;
      }
      // A named entry has almost always changed: serialise it and compare the texts.
      const json = JSON.stringify(v);
      if (
        old !== undefined &&
        (old.json === undefined ? sameAsJson(v, old.image) : old.json === json)
      )
        continue;
      if (old !== undefined) this.bytes -= old.bytes + entry.length;
      entries.set(entry, { json, image: undefined, bytes: json.length });
      this.bytes += json.length + entry.length;
      ops.push(`["e",${k},${JSON.stringify(entry)},${json}]`);
    }
  }

  private diffList(k: string, value: unknown[], slot: { items: Cell[] }, ops: string[]): void {
    const old = slot.items;
    if (this.diffWindow(k, value, slot, ops)) return;
    let start = 0;
    const max = Math.min(old.length, value.length);
    while (start < max && sameAsJson(value[start], (old[start] as Cell).image)) start++;
    let tail = 0;
    while (
      tail < max - start &&
      sameAsJson(value[value.length - 1 - tail], (old[old.length - 1 - tail] as Cell).image)
    )
      tail++;
    const removed = old.length - start - tail;
    if (removed === 0 && value.length === old.length) return;
    const inserted = this.cells(value.slice(start, value.length - tail));
    for (let i = start; i < start + removed; i++) this.bytes -= (old[i] as Cell).bytes;
    slot.items = old.slice(0, start).concat(inserted.cells, old.slice(old.length - tail));
    ops.push(`["l",${k},${start},${removed},[${inserted.json.join(",")}]]`);
  }

  /**
   * A bounded ring (drop the oldest k, append new ones — the remembered fingerprints, a
   * FIFO) changes both ends; one splice would rewrite it whole. Written as two small ones.
   */
  private diffWindow(k: string, value: unknown[], slot: { items: Cell[] }, ops: string[]): boolean {
    const old = slot.items;
    const limit = Math.min(64, old.length - 1);
    for (let drop = 1; drop <= limit; drop++) {
      const kept = old.length - drop;
      if (value.length < kept || !sameAsJson(value[0], (old[drop] as Cell).image)) continue;
      let same = true;
      for (let i = 1; i < kept && same; i++)
        same = sameAsJson(value[i], (old[drop + i] as Cell).image);
      if (!same) continue;
      for (let i = 0; i < drop; i++) this.bytes -= (old[i] as Cell).bytes;
      const added = this.cells(value.slice(kept));
      slot.items = old.slice(drop).concat(added.cells);
      ops.push(`["l",${k},0,${drop},[]]`);
      if (added.json.length > 0) ops.push(`["l",${k},${kept},0,[${added.json.join(",")}]]`);
      return true;
    }
    return false;
  }

  private cells(values: unknown[]): { cells: Cell[]; json: string[] } {
    const json = values.map((v) => JSON.stringify(v) ?? "null");
    const cells = json.map((j) => {
      this.bytes += j.length;
      return { image: JSON.parse(j) as unknown, bytes: j.length };
    });
    return { cells, json };
  }
}

/**
 * Whether `live` would serialise to the JSON value `image` (as JSON.parse gave it back).
 * Plain objects and arrays are compared member by member; anything else with a special
 * serialisation (Date, toJSON, class instances) is compared by its JSON text.
 */
export function sameAsJson(live: unknown, image: unknown): boolean {
  if (live === image) return true;
  switch (typeof live) {
    case "number":
      return !Number.isFinite(live) && image === null;
    case "undefined":
    case "function":
    case "symbol":
      return image === null; // as an array element
    case "object":
      break;
    default:
      return false;
  }
  if (live === null || typeof image !== "object" || image === null) return false;
  if (Array.isArray(live)) {
    if (!Array.isArray(image) || image.length !== live.length) return false;
    for (let i = 0; i < live.length; i++) if (!sameAsJson(live[i], image[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(live);
  if ((proto !== Object.prototype && proto !== null) || "toJSON" in live) {
    return JSON.stringify(live) === JSON.stringify(image);
  }
  if (Array.isArray(image)) return false;
  const l = live as Doc;
  const m = image as Doc;
  let count = 0;
  for (const key in l) {
    const v = l[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    if (!Object.hasOwn(m, key) || !sameAsJson(v, m[key])) return false;
    count++;
  }
  for (const _ in m) count--;
  return count === 0;
}

function kindOf(value: unknown): Slot["kind"] | undefined {
  if (value === undefined || typeof value === "function") return undefined;
  if (Array.isArray(value)) return "list";
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if ((proto === Object.prototype || proto === null) && !("toJSON" in value)) return "map";
  }
  return "value";
}

function slotBytes(slot: Slot): number {
  if (slot.kind === "value") return slot.json.length;
  let n = 0;
  if (slot.kind === "map") for (const [e, c] of slot.entries) n += e.length + c.bytes;
  else for (const c of slot.items) n += c.bytes;
  return n;
}

/** Applies journal ops to a document being rebuilt; throws on an op that cannot apply. */
export function applyOps(doc: Doc, ops: unknown): void {
  if (!Array.isArray(ops)) throw new Error("ops is not a list");
  for (const op of ops) {
    if (!Array.isArray(op) || typeof op[1] !== "string") throw new Error("malformed op");
    const key = op[1];
    switch (op[0]) {
      case "s":
        setOwn(doc, key, op[2]);
        break;
      case "d":
        delete doc[key];
        break;
      case "e":
      case "x": {
        const map = doc[key];
        if (
          typeof map !== "object" ||
          map === null ||
          Array.isArray(map) ||
          typeof op[2] !== "string"
        )
          throw new Error(`op on ${key} needs a collection`);
        if (op[0] === "e") setOwn(map as Doc, op[2], op[3]);
        else delete (map as Doc)[op[2]];
        break;
      }
      case "l": {
        const list = doc[key];
        const [, , start, count, items] = op as [string, string, unknown, unknown, unknown];
        if (
          !Array.isArray(list) ||
          typeof start !== "number" ||
          typeof count !== "number" ||
          !Array.isArray(items)
        )
          throw new Error(`splice on ${key} needs an array`);
        if (start > list.length) throw new Error(`splice on ${key} beyond its end`);
        setOwn(doc, key, list.slice(0, start).concat(items, list.slice(start + count)));
        break;
      }
      default:
        throw new Error(`unknown op ${String(op[0])}`);
    }
  }
}

/** Plain assignment, except that a key named `__proto__` stays an own property. */
function setOwn(obj: Doc, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else obj[key] = value;
}
