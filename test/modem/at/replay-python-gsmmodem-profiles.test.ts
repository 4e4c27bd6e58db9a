import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type AtChannel, AtError, parseFinal, type Urc } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";

/**
 * The python-gsmmodem device profiles (Huawei K3715/E1752, Wavecom, Qualcomm/ZTE, Nokia),
 * copied into test/fixtures/at, replayed byte for byte
 * through a scripted modem: every command's answer must come back as the device meant it.
 */
interface Profile {
  name: string;
  replies: Map<string, string>;
  urcs: string[][];
}

function loadProfiles(): Profile[] {
  const text = readFileSync(
    new URL("../../fixtures/at/python-gsmmodem-device-profiles.txt", import.meta.url),
    "utf8",
  );
  const raw = (s: string) => s.replaceAll("<CR>", "\r").replaceAll("<LF>", "\n");
  const profiles: Profile[] = [];
  let current: Profile | undefined;
  let command: string | undefined;
  for (const line of text.split("\n")) {
    const header = /^## (\S+)/.exec(line);
    if (header) {
      current = { name: header[1]!, replies: new Map(), urcs: [] };
      profiles.push(current);
    } else if (current && line.startsWith(">> ")) {
      command = raw(line.slice(3)).replace(/\r$/, "");
      current.replies.set(command, "");
    } else if (current && command !== undefined && line.startsWith("<< ")) {
      current.replies.set(command, current.replies.get(command)! + raw(line.slice(3)));
    } else if (current && line.startsWith("# URC sequence for") && line.includes(": ")) {
      const parts = line
        .slice(line.indexOf(": ") + 2)
        .split("|")
        .map((p) => raw(p.trim()).trim())
        .filter((p) => p !== "" && !p.startsWith("sleep"));
      if (parts.length > 0) current.urcs.push(parts);
    }
  }
  return profiles;
}

const profiles = loadProfiles();

let at: AtChannel | undefined;
afterEach(async () => {
  await at?.stop();
  at = undefined;
});

describe("python-gsmmodem device profiles replayed against the channel", () => {
  it("covers the Huawei, ZTE and Wavecom devices", () => {
    const names = profiles.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "HuaweiK3715",
        "HuaweiE1752",
        "WavecomMultiband900E1800",
        "ZteK3565Z",
        "QualcommM6280",
      ]),
    );
  });

  for (const profile of profiles) {
    for (const echo of [false, true]) {
      it(`${profile.name}${echo ? " with echo on" : ""}: every command gets the device's answer`, async () => {
        const ch = await openChannel({
          echo,
          onCommand: (c) => profile.replies.get(c) ?? "ERROR\r\n",
        });
        at = ch.at;
        for (const [command, reply] of profile.replies) {
          const lines = reply
            .split(/\r*\n/)
            .map((l) => l.trim())
            .filter((l) => l !== "");
          const final = parseFinal(lines[lines.length - 1] ?? "");
          const outcome = await at.run({ command }).then(
            (r) => r,
            (e: unknown) => e,
          );
          if (final === undefined) {
            // Wavecom: +CPIN? answered without OK (pgm fakemodems) — accepted after a quiet second.
            expect(outcome, command).toEqual({ command, lines, final: "" });
          } else if (final.kind === "ok") {
            expect(outcome, command).toEqual({
              command,
              lines: lines.slice(0, -1),
              final: final.line,
            });
          } else {
            expect(outcome, command).toBeInstanceOf(AtError);
            expect((outcome as AtError).final, command).toBe(final.line);
          }
        }
      });
    }

    if (profile.urcs.length > 0) {
      it(`${profile.name}: its call URCs are recognised while idle`, async () => {
        const ch = await openChannel({ onCommand: () => "OK\r\n" });
        at = ch.at;
        const got: Urc[] = [];
        at.on("urc", (u: Urc) => got.push(u));
        const all = profile.urcs.flat();
        const last = at.waitForUrc((u) => u.line === all[all.length - 1]!.trim(), 2000);
        for (const seq of profile.urcs) ch.modem.send(seq.map((l) => `${l}\r\n`).join(""));
        await last;
        expect(got.map((u) => u.line)).toEqual(all.map((l) => l.trim()));
        expect(got.every((u) => u.known)).toBe(true);
      });
    }
  }
});
