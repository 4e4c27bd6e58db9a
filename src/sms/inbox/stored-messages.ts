import { errorMessage } from "../../errors.js";
import { createLogger } from "../../log.js";
import type { AtCommand, AtResponse } from "../../modem/at/index.js";
import { AtError, parseCmgl, parseCmgr, parseCpms, type StoredPdu } from "../../modem/at/index.js";
import type { AtPort } from "../modem-port.js";

const log = createLogger("sms:inbox");
/** Inbox commands go before queued sends: a full SIM loses messages, a late send does not. */
const PRIORITY = 5;

/** A stored (or routed) PDU and where it lies: `mem` null = the home memory (or not stored). */
export interface StoredEntry extends StoredPdu {
  mem: string | null;
}

/** One storage slot: `mem` null = the home memory. */
export interface Slot {
  mem: string | null;
  index: number;
}

type Run = (cmd: AtCommand) => Promise<AtResponse>;

/** `"ME"`, `me`, ` "sr" ` → `ME`, `SR`: memory names compare case-insensitively, unquoted. */
export function memoryName(raw: string): string {
  return raw
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim()
    .toUpperCase();
}

/**
 * The modem's message memories as the inbox uses them. The home memory (what AT+CPMS <mem1>
 * was set to) is read as is. A memory a `+CMTI`/`+CDSI` names otherwise — <mem3> left on "ME"
 * when the module refused `AT+CPMS="SM","SM","SM"`, Quectel's "SR" for <ds>=2 reports — is
 * reached by switching <mem1> there and back within one session, so no other command runs
 * against the wrong memory and an index is never read from a memory it doesn't belong to.
 */
export class StoredMessages {
  /** Slots of the home memory, from the last AT+CPMS? of a sweep (which also names <mem3>). */
  homeTotal: number | undefined;
  private readonly home: string;
  /** Foreign memories seen in URCs: every sweep lists them too, retrying failed reads/deletes. */
  private readonly foreign = new Set<string>();
  private readonly warned = new Set<string>();
  /** Switching back home failed: <mem1> may point elsewhere until a switch back succeeds. */
  private displaced = false;

  constructor(
    private readonly port: AtPort,
    home: string,
    private readonly onMemoryFull: () => void,
  ) {
    this.home = memoryName(home);
  }

  /** The memory a storage URC names: null for the home memory (or none named), else remembered. */
  locate(raw: string | undefined): string | null {
    if (raw === undefined) return null;
    const mem = memoryName(raw);
    if (mem === "" || mem === this.home) return null;
    this.foreign.add(mem);
    return mem;
  }

  /** AT+CMGR of one slot; null for an empty or already deleted slot, or a failure (logged). */
  async read(slot: Slot): Promise<StoredEntry | null> {
    const { mem, index } = slot;
    const entry = await this.inMemory(mem, async (run) => {
      try {
        const res = await run({ command: `AT+CMGR=${index}`, expect: "+CMGR:" });
        if (!res.lines.some((l) => /^\+CMGR\s*:/i.test(l))) return null; // empty slot
        return { ...parseCmgr(res.lines), index, mem };
      } catch (err) {
        if (err instanceof AtError && err.cmsCode === 321) return null; // already deleted (by a sweep)
        log.warn(
          { mem, index, err: errorMessage(err) },
          "reading a stored SMS failed; the sweep retries",
        );
        return null;
      }
    });
    return entry ?? null;
  }

  /** AT+CMGL=4 (PDU mode "all") of the home memory, then of every foreign memory seen. */
  async list(): Promise<StoredEntry[]> {
    const out =
      (await this.inMemory(null, async (run) => {
        await this.queryHomeTotal(run);
        return this.listHere(run, null);
      })) ?? [];
    for (const mem of this.foreign) {
      out.push(...((await this.inMemory(mem, (run) => this.listHere(run, mem))) ?? []));
    }
    return out;
  }

  /** AT+CMGD of each slot; the slots of one foreign memory within one switch. */
  async delete(slots: readonly Slot[]): Promise<void> {
    const byMemory = new Map<string | null, number[]>();
    for (const { mem, index } of slots) byMemory.set(mem, [...(byMemory.get(mem) ?? []), index]);
    for (const [mem, indexes] of byMemory) {
      await this.inMemory(mem, async (run) => {
        for (const index of indexes) await this.deleteOne(run, mem, index);
      });
    }
  }

  /**
   * Runs `fn` with <mem1> on `mem`. The home memory: plain queued commands, as ever. Another:
   * one session `AT+CPMS="<mem>"` → fn → `AT+CPMS="<home>"` (the switch back also after an
   * error). undefined when the switch was refused: nothing is read, since <mem1> still points
   * at a memory where that index means another message.
   */
  private async inMemory<T>(
    mem: string | null,
    fn: (run: Run) => Promise<T>,
  ): Promise<T | undefined> {
    try {
      if (mem === null && !this.displaced) {
        return await fn((cmd) => this.guard(this.port.run({ ...cmd, priority: PRIORITY })));
      }
      return await this.port.session(
        async (at) => {
          const run: Run = (cmd) => this.guard(at.run(cmd));
          if (!(await this.select(run, mem ?? this.home))) return undefined;
          if (mem === null) {
            this.displaced = false;
            return fn(run);
          }
          try {
            return await fn(run);
          } finally {
            await this.switchBack(run);
          }
        },
        { priority: PRIORITY },
      );
    } catch (err) {
      log.warn({ mem, err: errorMessage(err) }, "stored SMS not reached; the sweep retries");
      return undefined;
    }
  }

  private async select(run: Run, mem: string): Promise<boolean> {
    try {
      await run({ command: `AT+CPMS="${mem}"`, expect: "+CPMS:" });
      return true;
    } catch (err) {
      const first = !this.warned.has(mem);
      this.warned.add(mem);
      const msg = "the modem refuses this SMS memory: what it holds stays unread";
      if (first) log.warn({ mem, err: errorMessage(err) }, msg);
      else log.debug({ mem, err: errorMessage(err) }, msg);
      return false;
    }
  }

  private async switchBack(run: Run): Promise<void> {
    try {
      await run({ command: `AT+CPMS="${this.home}"`, expect: "+CPMS:" });
      this.displaced = false;
    } catch (err) {
      this.displaced = true;
      log.warn(
        { mem: this.home, err: errorMessage(err) },
        "switching back to the home SMS memory failed; retried before its next use",
      );
    }
  }

  private async queryHomeTotal(run: Run): Promise<void> {
    try {
      const cpms = await run({ command: "AT+CPMS?", expect: "+CPMS:" });
      const [mem1, , mem3] = parseCpms(cpms.lines);
      const total = mem1?.total;
      if (total !== null && total !== undefined && total > 0) this.homeTotal = total;
      // New SMS land in <mem3>: when that is not home, sweep it from the first sweep on, so
      // what arrived there while the gateway was down is found without waiting for a URC.
      if (mem3?.raw) this.locate(mem3.raw);
    } catch (err) {
      log.debug({ err: errorMessage(err) }, "AT+CPMS? failed");
    }
  }

  private async listHere(run: Run, mem: string | null): Promise<StoredEntry[]> {
    try {
      const res = await run({ command: "AT+CMGL=4", expect: "+CMGL:", timeoutMs: 30_000 });
      return parseCmgl(res.lines).map((e) => ({ ...e, mem }));
    } catch (err) {
      log.warn({ mem, err: errorMessage(err) }, "listing stored SMS failed");
      return [];
    }
  }

  private async deleteOne(run: Run, mem: string | null, index: number): Promise<void> {
    try {
      await run({ command: `AT+CMGD=${index}` });
    } catch (err) {
      if (err instanceof AtError && err.cmsCode === 321) return;
      log.warn(
        { mem, index, err: errorMessage(err) },
        "deleting a stored SMS failed; the sweep retries",
      );
    }
  }

  private async guard(p: Promise<AtResponse>): Promise<AtResponse> {
    try {
      return await p;
    } catch (err) {
      // +CMS ERROR: 322 memory full: clear what we have read, then look again.
      if (err instanceof AtError && err.cmsCode === 322) this.onMemoryFull();
      throw err;
    }
  }
}
