import { describe, expect, it } from "vitest";
import { contactId } from "../../src/config/contact-id.js";
import { parseConfig } from "../../src/config/index.js";
import { issuesOf } from "./support.js";

describe("a contact's id", () => {
  it("keeps ASCII names as they were (lower case, other characters as _)", () => {
    expect(["Alice", "On call", "Jean-Luc", "Team #2"].map(contactId)).toEqual([
      "alice",
      "on_call",
      "jean-luc",
      "team_2",
    ]);
  });

  it("transliterates accented letters, so Jörg and Jürg stay apart", () => {
    expect(["Jörg", "Jürg", "Zoë", "Straße", "Łukasz", "Søren"].map(contactId)).toEqual([
      "jorg",
      "jurg",
      "zoe",
      "strasse",
      "lukasz",
      "soren",
    ]);
  });

  it("adds a hash of the name when letters have no ASCII form", () => {
    const ids = ["Алиса", "Борис", "王伟", "Маша 2"].map(contactId);
    expect(ids.map((id) => /^(h|2_)[0-9a-f]{8}$/.test(id))).toEqual([true, true, true, true]);
    expect(new Set(ids).size).toBe(4);
  });

  it("is the same on every run (a changed id would be a new entity)", () => {
    expect([contactId("Алиса"), contactId("Маша 2")]).toEqual(["h47906bdd", "2_c5767369"]);
  });

  it("is the same for the same name written with combining or precomposed accents", () => {
    expect(contactId("Jo\u0308rg")).toBe(contactId("J\u00f6rg"));
  });
});

describe("contacts in the configuration", () => {
  it("accepts names that differ only in accents when their ids differ", async () => {
    const { config } = await parseConfig({
      contacts: [
        { name: "Jörg", number: "+491701111111" },
        { name: "Jürg", number: "+491702222222" },
      ],
    });
    expect(config.contacts.map((c) => contactId(c.name))).toEqual(["jorg", "jurg"]);
  });

  it("refuses two contacts whose ids are the same, naming the key and both names", async () => {
    const issues = await issuesOf(
      parseConfig({
        contacts: [
          { name: "Jörg", number: "+491701111111" },
          { name: "Jorg", number: "+491702222222" },
        ],
      }),
    );
    expect(issues).toEqual([
      {
        path: "contacts.1.name",
        message:
          '"Jorg" has the same id (jorg) as "Jörg" (contacts.0): Home Assistant would show only one; rename one of them',
      },
    ]);
  });
});
