import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { deferredCounter, deferredHistogram } from "../../src/metrics/deferred.js";

const buckets = [0.1, 1, 10];

describe("metrics counted on the send path and handed to prom-client when scraped", () => {
  it("a scrape shows a deferred counter exactly as prom-client's own counter would", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const d = deferredCounter({
      name: "t_total",
      help: "h",
      labelNames: ["status"],
      registers: [ours],
      zero: [{ status: "failed" }],
    });
    const c = new Counter({
      name: "t_total",
      help: "h",
      labelNames: ["status"],
      registers: [theirs],
    });
    c.inc({ status: "failed" }, 0);
    for (const [status, n] of [
      ["sent", 1],
      ["sent", 3],
      ["queued", 1],
    ] as const) {
      d.inc({ status }, n);
      c.inc({ status }, n);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("counts made between two scrapes are added once, not again at the next scrape", async () => {
    const r = new Registry();
    const d = deferredCounter({ name: "u_total", help: "h", labelNames: [], registers: [r] });
    d.inc();
    await r.metrics();
    d.inc(undefined, 2);
    expect(await r.metrics()).toContain("u_total 3");
    expect(await r.metrics()).toContain("u_total 3");
  });

  it("keeps label sets with several labels apart", async () => {
    const r = new Registry();
    const d = deferredCounter({
      name: "v_total",
      help: "h",
      labelNames: ["route", "code"],
      registers: [r],
    });
    d.inc({ route: "/a", code: "2xx" });
    d.inc({ route: "/a", code: "4xx" });
    d.inc({ route: "/a", code: "2xx" });
    const text = await r.metrics();
    expect(text).toContain('v_total{route="/a",code="2xx"} 2');
    expect(text).toContain('v_total{route="/a",code="4xx"} 1');
  });

  it("a scrape shows a deferred histogram exactly as prom-client's own histogram would", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const d = deferredHistogram({
      name: "d_seconds",
      help: "h",
      labelNames: ["command"],
      buckets,
      registers: [ours],
    });
    const h = new Histogram({
      name: "d_seconds",
      help: "h",
      labelNames: ["command"],
      buckets,
      registers: [theirs],
    });
    for (const [command, v] of [
      ["CMGS", 0.05],
      ["CMGS", 2],
      ["CSQ", 0.5],
    ] as const) {
      d.observe({ command }, v);
      h.observe({ command }, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("hands observations over without a scrape once thousands wait, so memory stays bounded", async () => {
    const r = new Registry();
    const d = deferredHistogram({ name: "e_seconds", help: "h", buckets, registers: [r] });
    for (let i = 0; i < 4096; i++) d.observe(undefined, 0.5);
    const metric = r.getSingleMetric("e_seconds") as Histogram;
    // Read the histogram's own state without its collect hook running.
    const hashMap = (metric as unknown as { hashMap: Record<string, { count: number }> }).hashMap;
    expect(Object.values(hashMap)[0]?.count).toBe(4096);
  });
});
