import { describe, expect, it } from "vitest";
import { topicMatches, validateTopicFilter } from "../../src/automation/topic-filter.js";

describe("topic filters (MQTT 3.1.1 §4.7)", () => {
  it.each([
    ["home/kitchen/temp", "home/kitchen/temp", true],
    ["home/+/temp", "home/kitchen/temp", true],
    ["home/+/temp", "home/kitchen/hall/temp", false],
    ["home/#", "home/kitchen/temp", true],
    ["home/#", "home", true],
    ["+/+", "home/kitchen", true],
    ["+", "home/kitchen", false],
    ["home/+", "home/", true],
    ["#", "$SYS/broker/uptime", false],
    ["+/broker/uptime", "$SYS/broker/uptime", false],
    ["$SYS/#", "$SYS/broker/uptime", true],
  ])("%s matches %s: %s", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it.each([
    ["home/#/temp", "# must be a whole level and the last one"],
    ["home/kit#", "# must be a whole level and the last one"],
    ["home/kit+/temp", "+ must be a whole level"],
    ["", "a topic filter must not be empty"],
  ])("refuses %j", (filter, reason) => {
    expect(validateTopicFilter(filter)).toBe(reason);
  });
});
