import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { portProblemOf, transportFromUrl } from "../../../src/modem/transport/index.js";

let server: net.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function echoServer(): Promise<number> {
  server = net.createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("transportFromUrl", () => {
  it("opens tcp://host:port as a socket that carries bytes both ways", async () => {
    const port = await echoServer();
    const stream = await transportFromUrl(`tcp://127.0.0.1:${port}`)();
    const echoed = new Promise<string>((resolve) =>
      stream.once("data", (b: Buffer) => resolve(b.toString("latin1"))),
    );
    stream.write(Buffer.from("AT\r", "latin1"));
    expect(await echoed).toBe("AT\r");
    stream.destroy();
  });

  it("returns a fresh socket on every open", async () => {
    const port = await echoServer();
    const open = transportFromUrl(`tcp://127.0.0.1:${port}`);
    const a = await open();
    const b = await open();
    expect(a).not.toBe(b);
    a.destroy();
    b.destroy();
  });

  it("rejects with transport.open-failed when nothing listens", async () => {
    const port = await echoServer();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(transportFromUrl(`tcp://127.0.0.1:${port}`)()).rejects.toMatchObject({
      code: "transport.open-failed",
    });
  });

  it("rejects with transport.open-failed for a serial device that does not exist", async () => {
    await expect(
      transportFromUrl("/dev/ttyDOES-NOT-EXIST", { baudRate: 9600 })(),
    ).rejects.toMatchObject({
      code: "transport.open-failed",
    });
  });

  it("names a serial device that does not exist as the no-port problem", async () => {
    const err = await transportFromUrl("/dev/ttyDOES-NOT-EXIST")().catch((e: unknown) => e);
    expect(portProblemOf(err)).toBe("no-port");
  });

  it("rejects with transport.aborted when the signal is already aborted", async () => {
    const port = await echoServer();
    await expect(
      transportFromUrl(`tcp://127.0.0.1:${port}`)(AbortSignal.abort()),
    ).rejects.toMatchObject({
      code: "transport.aborted",
    });
  });

  it.each([
    ["tcp://host-without-port", "transport.invalid-url"],
    ["udp://1.2.3.4:5", "transport.invalid-url"],
    ["", "transport.invalid-url"],
  ])("refuses %j with %s", (url, code) => {
    expect(() => transportFromUrl(url)).toThrow(expect.objectContaining({ code }));
  });

  it("refuses a baud rate that is not a positive integer", () => {
    expect(() => transportFromUrl("/dev/serial0", { baudRate: -5 })).toThrow(
      expect.objectContaining({ code: "transport.invalid-baud" }),
    );
  });
});
