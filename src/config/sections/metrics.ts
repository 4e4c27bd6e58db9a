import { isIP } from "node:net";
import { z } from "zod";

/** `host:port`, `[v6]:port`: the address of the metrics' own listener. */
const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/;

/** The address the metrics listener binds, parsed from `metrics.listen`. */
export interface ListenAddress {
  host: string;
  port: number;
}

export function parseListen(value: string): ListenAddress | undefined {
  const m = HOST_PORT.exec(value);
  if (m === null) return undefined;
  const host = m[1] ?? m[2] ?? "";
  const port = Number(m[3]);
  if (port > 65535 || (m[1] !== undefined && isIP(host) !== 6)) return undefined;
  return { host, port };
}

export const metricsSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      "Serve Prometheus metrics at GET /metrics (docs/observability.md); off: none of its code loaded",
    ),
  listen: z
    .string()
    .refine((v) => parseListen(v) !== undefined, {
      message: "must be host:port, e.g. 127.0.0.1:9464 or [::1]:9464 (port 0–65535)",
    })
    .default("127.0.0.1:9464")
    .describe(
      "host:port of the metrics' own listener, used only when the HTTP API is off (no token: keep it on loopback)",
    ),
});
