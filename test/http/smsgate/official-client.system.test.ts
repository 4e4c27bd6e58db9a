import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as sdk from "android-sms-gateway";
import { type HttpClient, ProcessState, WebHookEventType } from "android-sms-gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProcessRig, startProcessRig } from "../../support/process-rig.js";

/**
 * The official SMSGate client library (npm `android-sms-gateway`, which we did not write)
 * against `smsgw run` as its own process (modem: the simulator over TCP, returning status
 * reports; real mosquitto), pointed at the root and at /3rdparty/v1.
 */

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const USER = "sms";
const PASSWORD = "system-test-pass";

// The package ships ES modules without `"type": "module"`: Node loads it as ESM, TypeScript
// reads it as CommonJS, so the class is taken from the namespace, where both agree it is.
const Client = sdk.default as unknown as typeof sdk.default.default;

let rig: ProcessRig;
let gw: ChildProcess;
let url: string;

/** Node's fetch as the client's HttpClient: JSON in, JSON out, an error for a non-2xx. */
function fetchClient(): HttpClient {
  const call = async (
    method: string,
    to: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const res = await fetch(to, {
      method,
      ...(headers === undefined ? {} : { headers }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${to}: ${res.status} ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as never;
  };
  return {
    get: (to, headers) => call("GET", to, undefined, headers),
    post: (to, body, headers) => call("POST", to, body, headers),
    put: (to, body, headers) => call("PUT", to, body, headers),
    patch: (to, body, headers) => call("PATCH", to, body, headers),
    delete: (to, headers) => call("DELETE", to, undefined, headers),
  };
}

const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;

beforeAll(async () => {
  rig = await startProcessRig({
    name: "smsgate",
    observerId: "smsgate-observer",
    mqtt: ["  clientId: smsgw-smsgate-test"],
    more: [
      "http:",
      "  enabled: true",
      "  port: 0",
      "  smsgate:",
      `    username: ${USER}`,
      `    password: ${PASSWORD}`,
    ],
    sim: { autoDeliveryReport: true },
  });
  gw = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "info" },
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no HTTP API in time:\n${out}`)), 60_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*HTTP API listening/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    gw.stdout?.on("data", seen);
    gw.stderr?.on("data", seen);
    gw.once("exit", (code) => reject(new Error(`smsgw exited with ${code}:\n${out}`)));
  });
  await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
}, 90_000);

afterAll(async () => {
  if (gw !== undefined && gw.exitCode === null) {
    const exited = new Promise((r) => gw.once("exit", r));
    gw.kill("SIGTERM");
    await exited;
  }
  await rig?.dispose();
});

describe.each(["", "/3rdparty/v1"])("the official SMSGate JS client at '%s'", (prefix) => {
  const base = () => `${url}${prefix}`;
  const client = () => new Client(USER, PASSWORD, fetchClient(), base());
  const id = `official${prefix.replaceAll("/", "-")}`;

  it("sends: the answer is Pending with the one recipient", async () => {
    const state = await client().send({
      id,
      message: `hello from the SMSGate client${prefix}`,
      phoneNumbers: ["+491701234567"],
    });
    expect(state).toMatchObject({
      id,
      state: ProcessState.Pending,
      recipients: [{ phoneNumber: "+491701234567", state: ProcessState.Pending }],
    });
  });

  it("reads the state until Delivered as the simulator returns the status report", async () => {
    await expect
      .poll(async () => (await client().getState(id)).state, { timeout: 30_000, interval: 100 })
      .toBe(ProcessState.Delivered);
    expect((await client().getState(id)).recipients).toEqual([
      { phoneNumber: "+491701234567", state: ProcessState.Delivered },
    ]);
    expect(rig.sim.sent.some((s) => s.text === `hello from the SMSGate client${prefix}`)).toBe(
      true,
    );
  });

  it("the same message is delivered on MQTT too, under the same id", async () => {
    await rig.client.waitForTopic(`smsgw/status/${id}`, (j) => j.status === "delivered", 30_000);
  });

  it("lists messages: the one sent is there, with X-Total-Count", async () => {
    const res = await fetch(`${base()}/messages?limit=500`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<{ id: string; state: string }>;
    expect(list).toContainEqual(expect.objectContaining({ id, state: "Delivered" }));
    expect(Number(res.headers.get("x-total-count"))).toBe(list.length);
  });

  it("registers, lists and deletes a webhook", async () => {
    const hook = await client().registerWebhook({
      id: `hook${prefix.length}`,
      url: "https://example.com/sms",
      event: WebHookEventType.SmsReceived,
    });
    expect(hook).toMatchObject({ id: `hook${prefix.length}`, event: "sms:received" });
    expect((await client().getWebhooks()).map((h) => h.id)).toContain(hook.id);
    await client().deleteWebhook(hook.id ?? "");
    expect((await client().getWebhooks()).map((h) => h.id)).not.toContain(hook.id);
  });

  it("reads the health document", async () => {
    const h = await client().getHealth();
    expect(h.status).toBe("pass");
    expect(h.checks["modem:ready"]?.observedValue).toBe(1);
  });

  it("wrong credentials are refused with 401", async () => {
    const wrong = new Client(USER, "not-the-password", fetchClient(), base());
    await expect(wrong.getState(id)).rejects.toThrow(/401/);
  });
});
