import { describe, expect, it, vi } from "vitest";

/**
 * `modem.port: tcp://host:port` (ser2net) sends the SIM PIN and every SMS in clear. The gateway
 * says so, once, when it opens such a link to another host; a loopback link is not warned about.
 */

async function warningsFor(port: string): Promise<Array<{ msg: string; host: string }>> {
  vi.resetModules();
  const lines: Array<{ level: number; msg: string; host: string }> = [];
  const log = await import("../../src/log.js");
  log.setLogLevel("warn");
  log.setLogDestination({ write: (line: string) => lines.push(JSON.parse(line)) });
  const { transportFromUrl } = await import("../../src/modem/transport/index.js");
  transportFromUrl(port);
  return lines.filter((l) => l.level === 40);
}

describe("a tcp:// modem link", () => {
  it("to another host logs a warning that the SIM PIN crosses the network in clear", async () => {
    const [w] = await warningsFor("tcp://192.168.1.20:3333");
    expect(w?.host).toBe("192.168.1.20");
    expect(w?.msg).toContain("the SIM PIN and every SMS cross the network unencrypted");
  });

  it("on the loopback interface logs nothing", async () => {
    expect([
      ...(await warningsFor("tcp://127.0.0.1:3333")),
      ...(await warningsFor("tcp://localhost:3333")),
      ...(await warningsFor("tcp://[::1]:3333")),
    ]).toEqual([]);
  });
});
