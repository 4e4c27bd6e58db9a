import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { parseListen } from "../../src/config/sections/metrics.js";
import { issuesOf } from "./support.js";

describe("the metrics section", () => {
  it("is off by default, with its own listener on loopback port 9464", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.metrics).toEqual({ enabled: false, listen: "127.0.0.1:9464" });
  });

  it("refuses a listen address without a port, naming the key", async () => {
    const issues = await issuesOf(parseConfig({ metrics: { listen: "0.0.0.0" } }, { env: {} }));
    expect(issues).toEqual([
      {
        path: "metrics.listen",
        message: "must be host:port, e.g. 127.0.0.1:9464 or [::1]:9464 (port 0–65535)",
      },
    ]);
  });

  it.each([
    ["127.0.0.1:9464", { host: "127.0.0.1", port: 9464 }],
    ["[::1]:0", { host: "::1", port: 0 }],
    ["localhost:9100", { host: "localhost", port: 9100 }],
  ])("reads %s as host and port", (value, address) => {
    expect(parseListen(value)).toEqual(address);
  });

  it.each(["127.0.0.1:70000", "::1:9464", "[nothost]:1", ":9464"])("refuses %s", (value) => {
    expect(parseListen(value)).toBeUndefined();
  });
});
