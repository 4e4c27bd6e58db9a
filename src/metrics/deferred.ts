import { Counter, Histogram, type LabelValues, type Registry } from "prom-client";

/**
 * Counters and histograms that the send path can touch for the price of a map lookup and an
 * addition: prom-client hashes and validates the labels on every `inc()` and `observe()`,
 * which at thousands of messages a second cost several per cent of the gateway's time. Here
 * events are tallied per label key and handed to prom-client when a scrape reads the metric
 * (prom-client calls `collect` first), so a scrape sees exactly what a direct update would.
 */

/** Observations kept before they are handed over even without a scrape (bounded memory). */
const MAX_PENDING_OBSERVATIONS = 4096;

interface Tally<L extends string> {
  labels: LabelValues<L>;
  n: number;
}

export interface DeferredCounterOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  registers: Registry[];
  /** Label sets that start at 0, so rate() and increase() see the first event. */
  zero?: Array<LabelValues<L>>;
}

export interface DeferredCounter<L extends string> {
  /** Adds `n` (default 1) to the series the labels name. */
  inc(labels?: LabelValues<L>, n?: number): void;
}

/** The series' key: its label values in the metric's label order (one label: its value). */
function keyOf<L extends string>(names: readonly L[], labels: LabelValues<L> | undefined): string {
  if (labels === undefined || names.length === 0) return "";
  if (names.length === 1) return String(labels[names[0] as L]);
  let key = "";
  for (const name of names) key += `${labels[name]}\u0000`;
  return key;
}

export function deferredCounter<L extends string>(
  o: DeferredCounterOptions<L>,
): DeferredCounter<L> {
  const pending = new Map<string, Tally<L>>();
  const counter = new Counter<L>({
    name: o.name,
    help: o.help,
    labelNames: o.labelNames,
    registers: o.registers,
    collect() {
      for (const t of pending.values()) {
        if (t.n === 0) continue;
        this.inc(t.labels, t.n);
        t.n = 0;
      }
    },
  });
  for (const labels of o.zero ?? []) counter.inc(labels, 0);
  return {
    inc(labels, n = 1) {
      const key = keyOf(o.labelNames, labels);
      const t = pending.get(key);
      if (t !== undefined) t.n += n;
      else pending.set(key, { labels: { ...labels } as LabelValues<L>, n });
    },
  };
}

export interface DeferredHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  buckets: number[];
  registers: Registry[];
}

export interface DeferredHistogram<L extends string> {
  observe(labels: LabelValues<L> | undefined, value: number): void;
}

export function deferredHistogram<L extends string>(
  o: DeferredHistogramOptions<L>,
): DeferredHistogram<L> {
  const series = new Map<string, { labels: LabelValues<L>; values: number[] }>();
  const labelNames = o.labelNames ?? [];
  let count = 0;
  const flush = (h: Histogram<L>) => {
    for (const s of series.values()) {
      for (const v of s.values) h.observe(s.labels, v);
      s.values.length = 0;
    }
    count = 0;
  };
  const histogram: Histogram<L> = new Histogram<L>({
    name: o.name,
    help: o.help,
    labelNames,
    buckets: o.buckets,
    registers: o.registers,
    collect() {
      flush(this);
    },
  });
  return {
    observe(labels, value) {
      const key = keyOf(labelNames, labels);
      let s = series.get(key);
      if (s === undefined) {
        s = { labels: { ...labels } as LabelValues<L>, values: [] };
        series.set(key, s);
      }
      s.values.push(value);
      if (++count >= MAX_PENDING_OBSERVATIONS) flush(histogram);
    },
  };
}
