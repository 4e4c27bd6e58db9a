import { randomUUID } from "node:crypto";
import { connect, type IClientOptions } from "mqtt";

export interface ConnectionTestOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs?: number;
}

export type ConnectionTestResult = { ok: true } | { ok: false; error: string };

/**
 * One connection to a broker, closed at once: whether it accepts us, and if not why, in words
 * a person setting up the gateway can act on. Never retries, never throws.
 */
export function tryMqttConnection(o: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const timeoutMs = o.timeoutMs ?? 5_000;
  const opts: IClientOptions = {
    clientId: `smsgw-test-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 0,
    connectTimeout: timeoutMs,
    clean: true,
  };
  if (o.username !== undefined) opts.username = o.username;
  if (o.password !== undefined) opts.password = o.password;
  return new Promise((resolve) => {
    let client: ReturnType<typeof connect>;
    try {
      client = connect(o.url, opts);
    } catch (err) {
      resolve({ ok: false, error: (err as Error).message });
      return;
    }
    let done = false;
    const finish = (r: ConnectionTestResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.end(true);
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: `no answer from the broker within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    client.once("connect", () => finish({ ok: true }));
    // Kept after the finish: a late error must not become an unhandled 'error' event.
    client.on("error", (err) => finish({ ok: false, error: err.message }));
    client.once("close", () =>
      finish({ ok: false, error: "the connection closed before the broker accepted it" }),
    );
  });
}
