import { join } from "node:path";
import type { NetworkClock, TrustedTime } from "../clock/network-clock.js";
import { writeNetworkTime } from "../clock/network-time-file.js";
import type { Config } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";

const log = createLogger("clock");

/** Where the trusted network time goes: the config's file, else systemd's RuntimeDirectory. */
export function networkTimePath(
  config: Config["modem"],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (config.networkTimeFile !== undefined) return config.networkTimeFile;
  // systemd lists the unit's runtime directories separated by colons; the first is ours.
  const runtime = env.RUNTIME_DIRECTORY?.split(":")[0];
  return runtime ? join(runtime, "network-time") : undefined;
}

/** Writes every time the clock check trusts to `path`; returns the unsubscribe. */
export function offerNetworkTime(clock: NetworkClock, path: string): () => void {
  let warned = false;
  const onTrusted = (t: TrustedTime) => {
    writeNetworkTime(path, t).then(
      () => {
        warned = false;
      },
      (err: unknown) => {
        if (!warned) log.warn({ path, err: errorMessage(err) }, "could not write the network time");
        warned = true;
      },
    );
  };
  clock.on("trusted", onTrusted);
  return () => clock.off("trusted", onTrusted);
}
