// Shared by the image test's host-side harnesses: one verdict line per check, and a timeout.
export const result = (ok, name, why = "") =>
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${why ? `: ${why}` : ""}`);
export const info = (msg) => console.log(`INFO ${msg}`);
export const withTimeout = (p, ms, what) =>
  Promise.race([
    p,
    new Promise((_, rej) =>
      setTimeout(() => rej(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms),
    ),
  ]);

/** The first modem command matching `re` (already seen or still to come). */
export const waitCommand = (sim, re, ms) =>
  withTimeout(
    new Promise((resolve) => {
      const found = sim.commands.find((c) => re.test(c));
      if (found) resolve(found);
      else sim.on("command", (c) => re.test(c) && resolve(c));
    }),
    ms,
    String(re),
  );

/** Prints DONE and keeps the simulator up (QEMU's chardev stays connected) until killed. */
export async function done(cleanup = () => {}) {
  cleanup();
  console.log("DONE");
  await new Promise(() => {});
}
