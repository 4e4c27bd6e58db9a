import { describe, expect, it } from "vitest";
import { haAvailable, render } from "./support/ha-availability.js";

/** The test helper that judges availability as Home Assistant does, checked on its own. */

const bridge = { topic: "gw/bridge/state", value_template: "{{ value_json.state }}" };
const modem = {
  topic: "gw/modem",
  value_template: "{{ 'online' if value_json.available else 'offline' }}",
};
const all = { availability: [bridge, modem], availability_mode: "all" };
const online = { topic: "gw/bridge/state", text: '{"state":"online"}' };
const answers = (available: boolean) => ({
  topic: "gw/modem",
  text: JSON.stringify({ available }),
});

describe("Home Assistant's availability, as the test helper judges it", () => {
  it("is unavailable before any availability topic said anything", () => {
    expect(haAvailable(all, [])).toBe(false);
  });

  it("needs every topic available in mode all", () => {
    expect([haAvailable(all, [online]), haAvailable(all, [online, answers(true)])]).toEqual([
      false,
      true,
    ]);
  });

  it("follows the last message on each topic", () => {
    expect(haAvailable(all, [online, answers(true), answers(false)])).toBe(false);
  });

  it("leaves a topic as it was on a payload that is neither available nor not", () => {
    const odd = { topic: "gw/bridge/state", text: '{"state":"starting"}' };
    expect(haAvailable(all, [online, answers(true), odd])).toBe(true);
  });

  it("follows the latest message of any topic in mode latest (HA's default)", () => {
    const latest = { availability: [bridge, modem] };
    expect(haAvailable(latest, [answers(false), online])).toBe(true);
  });

  it("is always available without availability topics", () => {
    expect(haAvailable({ name: "x" }, [])).toBe(true);
  });
});

describe("the templates the helper understands", () => {
  it("prints a missing value as an empty string and null as None, like Jinja", () => {
    expect([
      render("{{ value_json.a }}", "{}"),
      render("{{ value_json.a }}", '{"a":null}'),
    ]).toEqual(["", "None"]);
  });

  it("picks a field or none by a condition", () => {
    const t = "{{ value_json.signal.dbm if value_json.signal else none }}";
    expect([render(t, '{"signal":{"dbm":-99}}'), render(t, '{"signal":null}')]).toEqual([
      "-99",
      "None",
    ]);
  });

  it("refuses a template it does not understand", () => {
    expect(() => render("{{ value_json.a | int }}", "{}")).toThrow(/not understood/);
  });
});
