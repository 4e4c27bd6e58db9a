import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/index.js";
import { isSmsgwError } from "../../../src/errors.js";
import { keywordOf } from "../../../src/sms/opt-out/keywords.js";
import { OPT_OUT_FILE, OptOutList } from "../../../src/sms/opt-out/opt-out-list.js";
import { issuesOf } from "../../config/support.js";

const keywords = { stopKeywords: ["STOP", "QUIT"], startKeywords: ["START"] };

describe("opt-out keywords", () => {
  it("the whole trimmed text in any case is the keyword", () => {
    expect(keywordOf("  sToP\n", keywords)).toEqual({ action: "stop", keyword: "STOP" });
    expect(keywordOf("start", keywords)).toEqual({ action: "start", keyword: "START" });
  });

  it("a sentence that holds a keyword is not one", () => {
    expect(keywordOf("stop it", keywords)).toBeUndefined();
    expect(keywordOf("STOP.", keywords)).toBeUndefined();
  });

  it("a word in both lists stops: texting someone who asked not to be is the worse mistake", () => {
    expect(keywordOf("x", { stopKeywords: ["X"], startKeywords: ["X"] })?.action).toBe("stop");
  });
});

describe("the opt-out list file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "httpmore-optout-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a number added is on disk when add() resolves, normalised", async () => {
    const list = await OptOutList.open(dir);
    await list.add("+49 170 1234567", "api");
    const file = JSON.parse(await readFile(join(dir, OPT_OUT_FILE), "utf8"));
    expect(file.entries.map((e: { number: string }) => e.number)).toEqual(["+491701234567"]);
  });

  it("is read back by a new list (a restart)", async () => {
    await (await OptOutList.open(dir)).add("+491701234567", "sms", "STOP");
    const again = await OptOutList.open(dir);
    expect(again.find("+491701234567")).toMatchObject({ source: "sms", keyword: "STOP" });
  });

  it("many changes at once all land (they are written one after another)", async () => {
    const list = await OptOutList.open(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        list.add(`+4917012345${String(i).padStart(2, "0")}`, "api"),
      ),
    );
    expect((await OptOutList.open(dir)).list()).toHaveLength(20);
  });

  it("a damaged file refuses to open (store.corrupt) rather than forget who said STOP", async () => {
    await writeFile(join(dir, OPT_OUT_FILE), "{ not json");
    const err = await OptOutList.open(dir).catch((e: unknown) => e);
    expect(isSmsgwError(err, "store.corrupt")).toBe(true);
  });
});

describe("sms.optOut in the configuration", () => {
  it("is off by default, with the usual keywords", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.sms.optOut).toEqual({
      enabled: false,
      stopKeywords: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"],
      startKeywords: ["START", "UNSTOP"],
    });
  });

  it("refuses a keyword of two words, naming the key", async () => {
    const issues = await issuesOf(parseConfig({ sms: { optOut: { stopKeywords: ["go away"] } } }));
    expect(issues).toEqual([
      { path: "sms.optOut.stopKeywords.0", message: "a keyword is one word (no spaces)" },
    ]);
  });
});
