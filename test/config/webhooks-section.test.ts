import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { issuesOf } from "./support.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("the webhooks section", () => {
  it("has no webhooks by default, and SMSGate's retry schedule", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.webhooks).toEqual({
      endpoints: [],
      attempts: 14,
      firstRetrySeconds: 10,
      timeoutSeconds: 30,
      concurrency: 4,
      heartbeatSeconds: 0,
      reportForwarding: [],
    });
  });

  it("fills a webhook's defaults: native, enabled, https only, no extra headers", async () => {
    const { config } = await parseConfig(
      { webhooks: { endpoints: [{ id: "a", url: "https://example.org/h", events: ["*"] }] } },
      { env: {} },
    );
    expect(config.webhooks.endpoints[0]).toEqual({
      id: "a",
      url: "https://example.org/h",
      events: ["*"],
      format: "native",
      headers: {},
      allowHttp: false,
      enabled: true,
    });
  });

  it("refuses plain http:// to another host without allowHttp, naming the key", async () => {
    const issues = await issuesOf(
      parseConfig(
        { webhooks: { endpoints: [{ id: "a", url: "http://192.168.1.5/h", events: ["*"] }] } },
        { env: {} },
      ),
    );
    expect(issues).toEqual([
      {
        path: "webhooks.endpoints.0.url",
        message: "plain http:// is allowed only with allowHttp: true (or to the gateway itself)",
      },
    ]);
  });

  it("takes plain http:// on the LAN with allowHttp", async () => {
    const { config } = await parseConfig(
      {
        webhooks: {
          endpoints: [
            {
              id: "ha",
              url: "http://homeassistant.local:8123/api/webhook/x",
              events: ["sms.received"],
              allowHttp: true,
            },
          ],
        },
      },
      { env: {} },
    );
    expect(config.webhooks.endpoints[0]?.allowHttp).toBe(true);
  });

  it("refuses an event the format does not have", async () => {
    const issues = await issuesOf(
      parseConfig(
        { webhooks: { endpoints: [{ id: "a", url: "https://x.org/", events: ["sms:received"] }] } },
        { env: {} },
      ),
    );
    expect(issues[0]?.path).toBe("webhooks.endpoints.0.events.0");
  });

  it("refuses a native secret that is not whsec_ and base64", async () => {
    const issues = await issuesOf(
      parseConfig(
        {
          webhooks: {
            endpoints: [{ id: "a", url: "https://x.org/", events: ["*"], secret: "hunter2" }],
          },
        },
        { env: {} },
      ),
    );
    expect(issues[0]?.path).toBe("webhooks.endpoints.0.secret");
  });

  it("takes several secrets during a rotation", async () => {
    const { config } = await parseConfig(
      {
        webhooks: {
          endpoints: [{ id: "a", url: "https://x.org/", events: ["*"], secret: [SECRET, SECRET] }],
        },
      },
      { env: {} },
    );
    expect(config.webhooks.endpoints[0]?.secret).toEqual([SECRET, SECRET]);
  });

  it("refuses two webhooks with one id", async () => {
    const hook = { id: "a", url: "https://x.org/", events: ["*"] };
    const issues = await issuesOf(
      parseConfig({ webhooks: { endpoints: [hook, hook] } }, { env: {} }),
    );
    expect(issues).toEqual([{ path: "webhooks.endpoints.1.id", message: '"a" is used twice' }]);
  });
});

describe("delivery-report targets", () => {
  it("report every state with a Kannel type unless states says otherwise", async () => {
    const { config } = await parseConfig(
      { webhooks: { reportForwarding: [{ name: "crm", http: { url: "https://crm.example/d" } }] } },
      { env: {} },
    );
    expect(config.webhooks.reportForwarding[0]?.states).toEqual([
      "sent",
      "delivered",
      "failed",
      "expired",
      "cancelled",
    ]);
  });

  it("refuse a state that is not reported, naming the key", async () => {
    const issues = await issuesOf(
      parseConfig(
        {
          webhooks: {
            reportForwarding: [
              { name: "crm", states: ["queued"], http: { url: "https://crm.example/d" } },
            ],
          },
        },
        { env: {} },
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(["webhooks.reportForwarding.0.states.0"]);
  });

  it("refuse plain http:// to another host without allowHttp", async () => {
    const issues = await issuesOf(
      parseConfig(
        { webhooks: { reportForwarding: [{ name: "crm", http: { url: "http://10.0.0.5/d" } }] } },
        { env: {} },
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(["webhooks.reportForwarding.0.http.url"]);
  });

  it("refuse two targets with one name", async () => {
    const t = { name: "crm", http: { url: "https://crm.example/d" } };
    const issues = await issuesOf(
      parseConfig({ webhooks: { reportForwarding: [t, t] } }, { env: {} }),
    );
    expect(issues).toEqual([
      { path: "webhooks.reportForwarding.1.name", message: '"crm" is used twice' },
    ]);
  });
});

describe("forwarding rules with an HTTP target", () => {
  it("take an http target without SMS recipients", async () => {
    const { config } = await parseConfig(
      { automation: { forwarding: [{ name: "ps", http: { url: "https://x.org/in?a=%a" } }] } },
      { env: {} },
    );
    expect(config.automation.forwarding[0]?.http).toEqual({
      url: "https://x.org/in?a=%a",
      method: "GET",
      headers: {},
      allowHttp: false,
    });
  });

  it("refuse a rule with neither recipients nor an http target, naming to", async () => {
    const issues = await issuesOf(
      parseConfig({ automation: { forwarding: [{ name: "none" }] } }, { env: {} }),
    );
    expect(issues).toEqual([
      {
        path: "automation.forwarding.0.to",
        message: "name recipients (to), an http target, or both",
      },
    ]);
  });
});
