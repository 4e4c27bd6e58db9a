import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { WireClient } from "./wire-client.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

async function dial(server: net.Server): Promise<net.Socket> {
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return socket;
}

describe("TCP server", () => {
  it("answers AT commands over a raw socket, echo included", async () => {
    modem = new SimulatedModem();
    const server = await modem.listenTcp("127.0.0.1", 0);
    const host = new WireClient(await dial(server));
    expect(await host.command("AT")).toBe("AT\r\r\nOK\r\n");
  });

  it("a reconnecting client finds the same modem state", async () => {
    modem = new SimulatedModem();
    const server = await modem.listenTcp("127.0.0.1", 0);
    const first = await dial(server);
    await new WireClient(first).command("ATE0");
    first.destroy();
    const host = new WireClient(await dial(server));
    expect(await host.command("AT")).toBe("\r\nOK\r\n");
  });

  it("delivers URCs to the connected client", async () => {
    modem = new SimulatedModem();
    const server = await modem.listenTcp();
    const host = new WireClient(await dial(server));
    await host.command("ATE0");
    await host.command("AT+CNMI=2,1,0,0,0");
    modem.deliverSms({ from: "+491701234567", text: "over tcp" });
    await host.waitFor('+CMTI: "SM",1\r\n');
  });

  it("close() ends the server and the connections", async () => {
    modem = new SimulatedModem();
    const server = await modem.listenTcp();
    const socket = await dial(server);
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    await modem.close();
    await closed;
    expect(server.listening).toBe(false);
  });
});

describe("in-process port", () => {
  it("destroying the host end detaches it; a new port still works", async () => {
    modem = new SimulatedModem();
    const old = modem.openPort();
    old.destroy();
    const host = new WireClient(await modem.transport());
    expect(await host.command("AT")).toBe("AT\r\r\nOK\r\n");
  });
});
