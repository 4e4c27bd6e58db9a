import { describe, expect, it } from "vitest";
import { automationSchema } from "../../src/automation/config-schema.js";
import { renderPayload } from "../../src/automation/template.js";
import { harnessPerTest } from "../automation/support/harness.js";

/**
 * Attack: make a command publish where, or what, its owner never wrote: the rest of an SMS
 * with `/` adds topic levels (`SAY a/b/c` → `home/say/a/b/c`), and a quote in an argument
 * breaks out of a JSON string (`x", "admin": true` → a new key).
 */
describe("rest arguments", () => {
  it("are refused in a topic when the config is read", () => {
    const r = automationSchema.safeParse({
      commands: [
        { name: "say", pattern: "SAY <text...>", publish: [{ topic: "home/say/{{text}}" }] },
      ],
    });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual([
      "commands.0.publish.0.topic",
    ]);
  });

  it("are accepted in a payload", () => {
    const r = automationSchema.safeParse({
      commands: [
        {
          name: "say",
          pattern: "SAY <text...>",
          publish: [{ topic: "home/say", payload: '{"text": "{{text}}"}' }],
        },
      ],
    });
    expect(r.success).toBe(true);
  });
});

describe("a JSON payload template", () => {
  it("keeps a quote from an SMS inside its string", () => {
    const out = renderPayload('{"text": "{{text}}"}', { text: 'x", "admin": true, "y": "z' });
    expect(JSON.parse(out)).toEqual({ text: 'x", "admin": true, "y": "z' });
  });

  it("turns a placeholder outside a string into a JSON value", () => {
    const out = renderPayload('{"state": {{state}}, "n": {{n}}}', { state: "ON", n: 5 });
    expect(JSON.parse(out)).toEqual({ state: "ON", n: 5 });
  });

  it("leaves an explicit |json as it is", () => {
    expect(renderPayload('{"t": {{t|json}}}', { t: 'a"b' })).toBe('{"t": "a\\"b"}');
  });

  it("leaves a text payload as text", () => {
    expect(renderPayload("{{state}}", { state: "ON" })).toBe("ON");
  });
});

const harness = harnessPerTest();

describe("the injection by SMS", () => {
  it("publishes the attacker's text as the value of the one key", async () => {
    const h = await harness.start({
      config: {
        contacts: { numbers: { carol: "+491703333333" } },
        commands: [
          {
            name: "say",
            pattern: "SAY <text...>",
            secret: false,
            publish: [{ topic: "home/say", payload: '{"text": "{{text}}"}' }],
          },
        ],
        security: { users: [{ who: "carol", allow: ["*"] }] },
      },
    });
    await h.receive("+491703333333", 'SAY x", "admin": true, "y": "z');
    await h.untilSent(1);
    expect(h.published("home/say").map((p) => JSON.parse(p))).toEqual([
      { text: 'x", "admin": true, "y": "z' },
    ]);
  });
});
