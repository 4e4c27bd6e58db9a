/**
 * The Prometheus text format read back into samples: `name{a="x",b="y"}` → value, labels in
 * the order written. Enough for assertions; `promtool check metrics` judges the format itself.
 */
export type Samples = Map<string, number>;

export function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    samples.set(m[1] as string, Number(m[2]));
  }
  return samples;
}

/** The value of one sample, or undefined when the scrape has none. */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}) {
  const entries = Object.entries(labels);
  for (const [key, value] of samples) {
    const brace = key.indexOf("{");
    const n = brace < 0 ? key : key.slice(0, brace);
    if (n !== name) continue;
    const have = brace < 0 ? "" : key.slice(brace + 1, -1);
    const all = entries.every(([k, v]) => have.split(",").includes(`${k}="${v}"`));
    const count = have === "" ? 0 : have.split(",").length;
    if (all && count === entries.length) return value;
  }
  return undefined;
}
