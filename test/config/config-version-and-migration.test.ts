import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { CONFIG_VERSION, type MigrationStep, migrateConfig } from "../../src/config/migrate.js";
import { issuesOf } from "./support.js";

describe("the configuration's format version", () => {
  it("is 1 today", () => {
    expect(CONFIG_VERSION).toBe(1);
  });

  it("a file without version: is read as version 1", async () => {
    const { config } = await parseConfig({ mqtt: { baseTopic: "sms" } }, { env: {} });
    expect(config.version).toBe(1);
  });

  it("a file for a newer smsgw is refused at the version key, saying why", async () => {
    const issues = await issuesOf(parseConfig({ version: 2 }, { env: {} }));
    expect(issues).toEqual([
      {
        path: "version",
        message: "this file is for a newer smsgw (format 2); this one reads formats 1 to 1",
      },
    ]);
  });

  it("a version that is not a whole number is refused", async () => {
    const issues = await issuesOf(parseConfig({ version: "one" }, { env: {} }));
    expect(issues).toEqual([{ path: "version", message: "must be a whole number from 1 to 1" }]);
  });
});

describe("migrating an older file", () => {
  /** A format 2 that renamed `sms.ttlSeconds` to `sms.ttl`. */
  const renameTtl: MigrationStep = {
    from: 1,
    migrate(raw) {
      const sms = raw.sms as Record<string, unknown> | undefined;
      if (sms?.ttlSeconds === undefined) return [];
      sms.ttl = sms.ttlSeconds;
      delete sms.ttlSeconds;
      return ["sms.ttlSeconds is now sms.ttl"];
    },
  };

  it("applies each step from the file's version to the current one", () => {
    const raw: Record<string, unknown> = { sms: { ttlSeconds: 60 } };
    const m = migrateConfig(raw, [renameTtl], 2);
    expect(raw).toEqual({ version: 2, sms: { ttl: 60 } });
    expect(m.notes).toEqual(["sms.ttlSeconds is now sms.ttl"]);
  });

  it("leaves a file already in the current format as it is", () => {
    const raw: Record<string, unknown> = { version: 2, sms: { ttl: 60 } };
    expect(migrateConfig(raw, [renameTtl], 2)).toEqual({ from: 2, notes: [], issues: [] });
    expect(raw).toEqual({ version: 2, sms: { ttl: 60 } });
  });

  it("says so when a step is missing rather than reading an old file as new", () => {
    expect(migrateConfig({}, [], 2).issues).toEqual([
      { path: "version", message: "no migration from format 1 to 2" },
    ]);
  });
});
