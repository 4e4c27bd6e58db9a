import { describe, expect, it } from "vitest";
import { matchCommand, parseCommandPattern } from "../../src/automation/command-pattern.js";
import { splitSecret } from "../../src/automation/remote-control.js";
import { renderTemplate } from "../../src/automation/template.js";

describe("templates", () => {
  it("replaces placeholders, dotted paths included", () => {
    expect(
      renderTemplate("Relay {{name}} is {{args.state}}", { name: "pump", args: { state: "ON" } }),
    ).toBe("Relay pump is ON");
  });

  it("renders a value that is not known yet as ?", () => {
    expect(renderTemplate("Temp {{temp}} °C", {})).toBe("Temp ? °C");
  });

  it("applies filters: lower, upper, round, json", () => {
    const v = { s: "On", t: 21.456, q: 'say "hi"' };
    expect(renderTemplate("{{s|lower}} {{s|upper}} {{t|round:1}} {{q|json}}", v)).toBe(
      'on ON 21.5 "say \\"hi\\""',
    );
  });

  it("renders objects as JSON and leaves text without placeholders alone", () => {
    expect(renderTemplate("{{o}} {not a placeholder}", { o: { a: 1 } })).toBe(
      '{"a":1} {not a placeholder}',
    );
  });
});

describe("command patterns", () => {
  const relay = parseCommandPattern("RELAY <name> <state:ON|OFF>");

  it("capture word and choice arguments, ignoring case", () => {
    expect(matchCommand(relay, "relay pump on")).toEqual({ name: "pump", state: "ON" });
  });

  it("do not match with a word missing, extra or outside the choice", () => {
    expect(matchCommand(relay, "RELAY pump")).toBeUndefined();
    expect(matchCommand(relay, "RELAY pump ON now")).toBeUndefined();
    expect(matchCommand(relay, "RELAY pump MAYBE")).toBeUndefined();
  });

  it("keep topic separators and wildcards out of word arguments", () => {
    expect(matchCommand(relay, "RELAY a/b ON")).toBeUndefined();
    expect(matchCommand(relay, "RELAY # ON")).toBeUndefined();
  });

  it("name a bare choice after its position", () => {
    expect(matchCommand(parseCommandPattern("RELAY <name> ON|OFF"), "RELAY pump off")).toEqual({
      name: "pump",
      arg2: "OFF",
    });
  });

  it("read integers and the rest of the message", () => {
    expect(matchCommand(parseCommandPattern("HEAT <minutes:int>"), "HEAT 30")).toEqual({
      minutes: 30,
    });
    expect(matchCommand(parseCommandPattern("HEAT <minutes:int>"), "HEAT lots")).toBeUndefined();
    expect(matchCommand(parseCommandPattern("SAY <text...>"), "SAY hello  there")).toEqual({
      text: "hello there",
    });
  });

  it("match literal punctuation such as TEMP?", () => {
    expect(matchCommand(parseCommandPattern("TEMP?"), "temp?")).toEqual({});
  });

  it.each([
    ["<name> ON", /starts with a keyword/],
    ["123 ON", /must not be a number/],
    ["SAY <text...> NOW", /must be the last word/],
    ["SET <a> <a>", /appears twice/],
    ["SET <state:ON>", /a choice is written A\|B/],
  ])("refuse %j", (pattern, reason) => {
    expect(() => parseCommandPattern(pattern)).toThrow(reason);
  });
});

describe("the secret comes first", () => {
  it("splits a leading code from the command", () => {
    expect(splitSecret(" 123456  RELAY pump ON ")).toEqual({
      secret: "123456",
      rest: "RELAY pump ON",
    });
  });

  it("takes a message without a leading number as the command", () => {
    expect(splitSecret("RELAY pump ON 123456")).toEqual({ rest: "RELAY pump ON 123456" });
  });
});
