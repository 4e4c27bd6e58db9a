import type { Duplex } from "node:stream";

const FINAL = /\r\n(OK|ERROR|\+CME ERROR: [^\r\n]*|\+CMS ERROR: [^\r\n]*)\r\n$/;

/**
 * A tiny host for simulator tests: writes bytes, collects what comes back (latin1), and
 * waits for text by event — no sleeping. Deliberately independent of src/modem/at.
 */
export class WireClient {
  private buf = "";
  /** Everything ever received (take() does not clear it). */
  log = "";
  private waiters: Array<() => void> = [];

  constructor(readonly stream: Duplex) {
    stream.on("data", (chunk: Buffer) => {
      this.buf += chunk.toString("latin1");
      this.log += chunk.toString("latin1");
      for (const w of [...this.waiters]) w();
    });
  }

  write(text: string): void {
    this.stream.write(Buffer.from(text, "latin1"));
  }

  /** Everything received and not yet taken. */
  get received(): string {
    return this.buf;
  }

  /** Returns what was received so far and forgets it. */
  take(): string {
    const out = this.buf;
    this.buf = "";
    return out;
  }

  /** Non-empty lines received so far. */
  lines(): string[] {
    return this.buf.split(/\r\n|\r|\n/).filter((l) => l !== "");
  }

  /** Resolves once the received text satisfies `pred`; rejects after `timeoutMs` of timer time. */
  waitFor(pred: string | RegExp | ((buf: string) => boolean), timeoutMs = 2000): Promise<string> {
    return this.waitOn(() => this.buf, pred, timeoutMs);
  }

  /** Like waitFor, but over everything ever received (text already taken counts too). */
  waitForLog(pred: string | RegExp, timeoutMs = 2000): Promise<string> {
    return this.waitOn(() => this.log, pred, timeoutMs);
  }

  private waitOn(
    text: () => string,
    pred: string | RegExp | ((buf: string) => boolean),
    timeoutMs: number,
  ): Promise<string> {
    const test = (): boolean =>
      typeof pred === "string"
        ? text().includes(pred)
        : pred instanceof RegExp
          ? pred.test(text())
          : pred(text());
    return new Promise((resolve, reject) => {
      if (test()) {
        resolve(this.buf);
        return;
      }
      const check = (): void => {
        if (!test()) return;
        done();
        resolve(this.buf);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${String(pred)}; got ${JSON.stringify(this.buf)}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
    });
  }

  /** Sends `command` + CR and resolves with the raw answer up to the final result. */
  async command(command: string, timeoutMs = 2000): Promise<string> {
    this.take();
    this.write(`${command}\r`);
    await this.waitFor(FINAL, timeoutMs);
    return this.take();
  }

  /** Sends a command and resolves with the answer's non-empty lines (echo included if on). */
  async lines0(command: string): Promise<string[]> {
    const raw = await this.command(command);
    return raw.split(/\r\n|\r/).filter((l) => l !== "");
  }
}

/** A host on `modem` set up as a gateway does: echo off, PDU mode, +CMTI and +CDSI (<ds>=2). */
export async function configuredHost(modem: { openPort(): Duplex }): Promise<WireClient> {
  const host = new WireClient(modem.openPort());
  await host.command("ATE0");
  await host.command("AT+CMGF=0");
  await host.command("AT+CNMI=2,1,0,2,0");
  return host;
}

/** The lines of an answer as received, without the empty ones. */
export function lines(raw: string): string[] {
  return raw.split("\r\n").filter((l) => l !== "");
}
