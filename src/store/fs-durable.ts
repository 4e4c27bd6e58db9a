import { constants } from "node:fs";
import {
  chmod,
  copyFile,
  type FileHandle,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
} from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The fsync discipline every durable write here follows (POSIX gives no ordering without it,
 * and ext4 with delayed allocation can leave a renamed file empty after a power cut):
 * write a temp file in the same directory, fsync it, rename it over the target, fsync the
 * directory so the rename itself is on disk.
 */

export function isErrno(err: unknown, ...codes: string[]): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    "code" in err &&
    codes.includes(String((err as { code: unknown }).code))
  );
}

/**
 * The store holds every SMS text: its files are the owner's alone whatever the umask (a
 * gateway run by hand often has 022), and so is its directory.
 */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) as DIR_MODE; returns the first directory made. */
export function makeDir(dir: string): Promise<string | undefined> {
  return mkdir(dir, { recursive: true, mode: DIR_MODE });
}

/**
 * Takes away group and other access from `dir` and the files directly in it (those of an
 * older version, or made under a loose umask). Returns the paths changed.
 */
export async function restrictModes(dir: string): Promise<string[]> {
  const changed: string[] = [];
  const restrict = async (path: string, mode: number) => {
    const st = await stat(path);
    if ((st.mode & 0o077) === 0) return;
    await chmod(path, st.mode & mode & 0o777);
    changed.push(path);
  };
  await restrict(dir, DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isFile()) await restrict(join(dir, entry.name), FILE_MODE);
  return changed;
}

export async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, constants.O_RDONLY);
    await fh.sync();
  } catch (err) {
    // Some filesystems (and Windows) refuse fsync on a directory; rename is then all we have.
    if (!isErrno(err, "EISDIR", "EINVAL", "EPERM", "EBADF")) throw err;
  } finally {
    await fh?.close();
  }
}

/** Writes and fsyncs a whole file (not atomic by itself: use on temp names). */
export async function writeSynced(path: string, data: string): Promise<void> {
  const fh = await open(path, "w", FILE_MODE);
  try {
    await fh.writeFile(data, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** temp + fsync + rename + fsync(dir): after it resolves the new content survives a power cut. */
export async function replaceFile(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeSynced(tmp, data);
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

/**
 * Makes `dest` a separate durable copy of `src` as it is now: a hard link when the filesystem
 * has them (costs no bytes; `src` is about to be replaced by rename, so the inode then belongs
 * to `dest` alone), else a copy.
 */
export async function preserveAs(src: string, dest: string, copy = false): Promise<void> {
  const tmp = `${dest}.tmp`;
  await unlinkIfExists(tmp);
  let linked = false;
  if (!copy) {
    try {
      await link(src, tmp);
      linked = true;
    } catch (err) {
      if (!isErrno(err, "EPERM", "ENOTSUP", "EXDEV", "EMLINK", "ENOSYS")) throw err;
    }
  }
  if (!linked) {
    await copyFile(src, tmp);
    const fh = await open(tmp, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  await rename(tmp, dest);
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return undefined;
    throw err;
  }
}

export async function unlinkIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return false;
    throw err;
  }
}

/** Removes `<base>*.tmp` files a crash left behind (they never replaced anything). */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const base = basename(path);
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (name.startsWith(base) && name.endsWith(".tmp")) {
      if (await unlinkIfExists(join(dir, name))) removed.push(join(dir, name));
    }
  }
  return removed;
}

/** Renames a bad file to `<path>.corrupt-<stamp>` (kept for a human to look at). */
export async function moveAside(path: string, now: number): Promise<string | undefined> {
  const dest = `${path}.corrupt-${fileStamp(now)}`;
  try {
    await rename(path, dest);
    return dest;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return undefined;
    throw err;
  }
}

/** `20250131T235959.123Z`: sortable, and legal in every filesystem's file names. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "");
}
