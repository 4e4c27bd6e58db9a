import { describe, expect, it } from "vitest";
import { LogRing } from "../../src/log-ring.js";

/** The in-memory ring of the last log lines: bounded in lines and in line length. */

const line = (level: number, msg: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ level, time: 1, msg, ...extra })}\n`;

describe("LogRing", () => {
  it("keeps only the newest `capacity` lines, oldest first", () => {
    const ring = new LogRing(3);
    for (let i = 1; i <= 5; i++) ring.write(line(30, `line ${i}`));
    expect(ring.recent().map((e) => e.msg)).toEqual(["line 3", "line 4", "line 5"]);
  });

  it("names the level", () => {
    const ring = new LogRing(3);
    ring.write(line(50, "broken"));
    expect(ring.recent()[0]?.level).toBe("error");
  });

  it("keeps an overlong line as its level, time, namespace and message only", () => {
    const ring = new LogRing(3);
    ring.write(line(30, "big", { ns: "x", blob: "a".repeat(10_000) }));
    expect(ring.recent()[0]).toEqual({
      level: "info",
      time: 1,
      ns: "x",
      msg: "big",
      truncated: true,
    });
  });

  it("filters by the lowest level asked for", () => {
    const ring = new LogRing(5);
    ring.write(line(20, "debug"));
    ring.write(line(40, "warn"));
    ring.write(line(30, "info"));
    expect(ring.recent(5, "info").map((e) => e.msg)).toEqual(["warn", "info"]);
  });

  it("answers the newest `limit` lines", () => {
    const ring = new LogRing(5);
    for (let i = 1; i <= 4; i++) ring.write(line(30, `line ${i}`));
    expect(ring.recent(2).map((e) => e.msg)).toEqual(["line 3", "line 4"]);
  });
});
