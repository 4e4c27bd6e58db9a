import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOps, type Doc, Image, Touches } from "../../src/store/image.js";

const value = fc.jsonValue({ maxDepth: 2 });
const record = fc.dictionary(fc.string({ maxLength: 4 }), value, { maxKeys: 4 });

type Mutation = (d: Doc) => void;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.constantFrom("a", "b", "c"), fc.string({ maxLength: 3 }), record)
    .map(([k, e, v]) => (d: Doc) => {
      const m = d[k];
      if (typeof m === "object" && m !== null && !Array.isArray(m)) (m as Doc)[e] = v;
      else d[k] = { [e]: v };
    }),
  fc.tuple(fc.constantFrom("a", "b", "c"), fc.nat(5)).map(([k, i]) => (d: Doc) => {
    const m = d[k];
    if (typeof m === "object" && m !== null && !Array.isArray(m)) {
      const key = Object.keys(m)[i];
      if (key !== undefined) delete (m as Doc)[key];
    }
  }),
  fc.tuple(fc.constantFrom("list", "b"), value).map(([k, v]) => (d: Doc) => {
    const l = d[k];
    if (Array.isArray(l)) l.push(v);
    else d[k] = [v];
  }),
  fc
    .tuple(fc.constantFrom("list", "b"), fc.nat(5), fc.nat(2), fc.array(value, { maxLength: 2 }))
    .map(([k, start, del, items]) => (d: Doc) => {
      const l = d[k];
      if (Array.isArray(l)) l.splice(start, del, ...items);
    }),
  fc
    .tuple(fc.constantFrom("list", "b"), fc.nat(3), fc.array(value, { maxLength: 3 }))
    .map(([k, drop, items]) => (d: Doc) => {
      const l = d[k];
      if (Array.isArray(l)) {
        l.splice(0, drop);
        l.push(...items);
      }
    }),
  fc.tuple(fc.constantFrom("n", "c", "list"), value).map(([k, v]) => (d: Doc) => {
    d[k] = v;
  }),
  fc.constantFrom("a", "n", "list").map((k) => (d: Doc) => {
    delete d[k];
  }),
);

describe("the journal diff", () => {
  it("replays to exactly the document it was taken from, batch after batch", () => {
    fc.assert(
      fc.property(fc.array(fc.array(mutation, { maxLength: 4 }), { maxLength: 12 }), (batches) => {
        const doc: Doc = { a: {}, list: [], n: 0 };
        const replayed: Doc = JSON.parse(JSON.stringify(doc));
        const image = Image.of(doc);
        for (const batch of batches) {
          for (const m of batch) m(doc);
          const ops = image.diff(doc);
          applyOps(replayed, JSON.parse(`[${ops.join(",")}]`));
          expect(replayed).toEqual(JSON.parse(JSON.stringify(doc)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("with the changed entries named, replays to the same document and leaves the image exact", () => {
    const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean());
    const change = fc.tuple(fc.string({ maxLength: 3 }), fc.option(record), fc.option(scalar));
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 12 }), (batches) => {
        const doc: Doc = { a: {}, list: [], n: 0 };
        const replayed: Doc = JSON.parse(JSON.stringify(doc));
        const image = Image.of(doc);
        for (const batch of batches) {
          const touches = new Touches();
          for (const [entry, v, n] of batch) {
            const a = doc.a as Doc;
            if (v === null) delete a[entry];
            else a[entry] = v;
            touches.add([["a", entry]]);
            if (n !== null) doc.n = n; // top-level plain values are compared without a name
          }
          const ops = image.diff(doc, touches);
          applyOps(replayed, JSON.parse(`[${ops.join(",")}]`));
          expect(replayed).toEqual(JSON.parse(JSON.stringify(doc)));
          expect(image.diff(doc)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("with names, compares only the named entries of a collection", () => {
    const doc: Doc = { outbox: { a: { x: 1 }, b: { x: 1 } }, list: [1] };
    const image = Image.of(doc);
    (doc.outbox as Doc).a = { x: 2 };
    (doc.outbox as Doc).b = { x: 2 };
    (doc.list as number[]).push(2);
    const touches = new Touches();
    touches.add([["outbox", "a"]]);
    expect(image.diff(doc, touches)).toEqual(['["e","outbox","a",{"x":2}]']);
  });

  it("writes only the changed entry of a large collection", () => {
    const doc: Doc = { outbox: {} };
    for (let i = 0; i < 1000; i++) (doc.outbox as Doc)[`m${i}`] = { text: "x".repeat(100), i };
    const image = Image.of(doc);
    (doc.outbox as Doc).m500 = { text: "changed", i: 500 };
    expect(image.diff(doc)).toEqual(['["e","outbox","m500",{"text":"changed","i":500}]']);
  });

  it("writes a shifted-off first element as a one-element splice", () => {
    const doc: Doc = { inbox: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    const image = Image.of(doc);
    (doc.inbox as unknown[]).shift();
    expect(image.diff(doc)).toEqual(['["l","inbox",0,1,[]]']);
  });

  it("writes a ring that dropped its oldest and gained a newest as two small splices", () => {
    const doc: Doc = { seen: Array.from({ length: 500 }, (_, i) => `fp${i}`) };
    const image = Image.of(doc);
    const seen = doc.seen as string[];
    seen.shift();
    seen.push("fp500");
    expect(image.diff(doc)).toEqual(['["l","seen",0,1,[]]', '["l","seen",499,0,["fp500"]]']);
  });

  it("writes nothing when nothing changed", () => {
    const doc: Doc = { outbox: { a: { x: 1 } }, seq: 3 };
    const image = Image.of(doc);
    expect(image.diff(doc)).toEqual([]);
  });
});
