import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { SmsgwError } from "../../errors.js";
import { makeDir, readIfExists, replaceFile } from "../../store/fs-durable.js";

/** The file in the store directory that holds the admin password's scrypt hash (mode 0600). */
export const ADMIN_PASSWORD_FILE = "ui-admin.json";

/**
 * scrypt's cost: N=2^15, r=8 takes 32 MiB and about 0.1 s on a Pi Zero 2 W per login, slow
 * enough to make guessing a stolen hash expensive, small enough for the Pi's 512 MB.
 */
const PARAMS = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

interface PasswordFile {
  version: 1;
  scrypt: { N: number; r: number; p: number; salt: string; hash: string };
  setAt: string;
}

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number }) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize("NFC"),
      salt,
      KEY_LENGTH,
      { ...p, maxmem: PARAMS.maxmem },
      (err, key) => (err === null ? resolve(key) : reject(err)),
    ),
  );
}

/** Refuses a password too short or too long to be one, with a sentence saying so. */
export function checkPasswordRules(password: unknown): string {
  if (typeof password !== "string")
    throw new SmsgwError("http.password-invalid", "the password must be a string");
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH)
    throw new SmsgwError(
      "http.password-invalid",
      `the password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  return password;
}

/**
 * The web UI's admin password: absent until the first visit sets it (there is no default
 * password), then kept only as a scrypt hash with its own salt. Every change replaces the file
 * durably (temp file, fsync, rename), so a power cut leaves the old password or the new one.
 */
export class AdminPassword {
  readonly path: string;
  /** Changes one at a time: two first-visit setups at once must not both succeed. */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(storeDir: string) {
    this.path = join(storeDir, ADMIN_PASSWORD_FILE);
  }

  async isSet(): Promise<boolean> {
    return (await this.read()) !== undefined;
  }

  /** The first password; refused once one is set (changing it needs the current one). */
  setFirst(password: string): Promise<void> {
    return this.serially(async () => {
      checkPasswordRules(password);
      if ((await this.read()) !== undefined)
        throw new SmsgwError("http.password-set-already", "the admin password is set already");
      await this.write(password);
    });
  }

  /** Sets the password whatever it was (the demo's per-run password, `smsgw` admin tools). */
  replace(password: string): Promise<void> {
    return this.serially(async () => {
      checkPasswordRules(password);
      await this.write(password);
    });
  }

  /** Whether `password` is the admin password (false when none is set). */
  async verify(password: string): Promise<boolean> {
    const file = await this.read();
    if (file === undefined || typeof password !== "string" || password.length > 1000) return false;
    const { N, r, p, salt, hash } = file.scrypt;
    const expected = Buffer.from(hash, "base64");
    const got = await derive(password, Buffer.from(salt, "base64"), { N, r, p });
    return got.length === expected.length && timingSafeEqual(got, expected);
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.changes.then(fn, fn);
    this.changes = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<PasswordFile | undefined> {
    const text = await readIfExists(this.path);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as Partial<PasswordFile>;
      const s = parsed.scrypt;
      if (parsed.version !== 1 || s === undefined || typeof s.hash !== "string")
        throw new Error("unknown format");
      return parsed as PasswordFile;
    } catch (err) {
      throw new SmsgwError(
        "http.password-file",
        `${this.path} is damaged (${(err as Error).message}); remove it and set the admin password again`,
      );
    }
  }

  private async write(password: string): Promise<void> {
    const salt = randomBytes(16);
    const hash = await derive(password, salt, PARAMS);
    const file: PasswordFile = {
      version: 1,
      scrypt: {
        N: PARAMS.N,
        r: PARAMS.r,
        p: PARAMS.p,
        salt: salt.toString("base64"),
        hash: hash.toString("base64"),
      },
      setAt: new Date().toISOString(),
    };
    await makeDir(join(this.path, ".."));
    await replaceFile(this.path, `${JSON.stringify(file, null, 2)}\n`);
  }
}
