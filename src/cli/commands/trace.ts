import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import type { TraceLine } from "../../modem/at/index.js";

interface TraceFlags {
  url: string;
  token?: string;
  json?: boolean;
}

/**
 * `smsgw trace`: the running gateway's last AT lines (PINs masked), read from its HTTP API
 * (`GET /api/v1/diagnostics/at-trace`, an admin token), for a bug report.
 */
export function register(program: Command): void {
  program
    .command("trace")
    .description("print the running gateway's last AT lines (HTTP API, admin token)")
    .option("--url <url>", "the gateway's HTTP API", "http://127.0.0.1:8080")
    .option("--token <token>", "an admin token (default: $SMSGW_TOKEN)")
    .option("--json", "print the lines as JSON")
    .action(async (flags: TraceFlags) => {
      process.exitCode = await runTrace(flags, process.env.SMSGW_TOKEN);
    });
}

export async function runTrace(flags: TraceFlags, envToken: string | undefined): Promise<number> {
  const token = flags.token ?? envToken;
  if (token === undefined || token === "") {
    console.error(
      "smsgw trace: give an admin token with --token or SMSGW_TOKEN (smsgw token create --scope admin)",
    );
    return 1;
  }
  try {
    const response = await fetch(new URL("/api/v1/diagnostics/at-trace", flags.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      console.error(`smsgw trace: HTTP ${response.status}: ${body.message ?? response.statusText}`);
      return 1;
    }
    const { lines } = (await response.json()) as { lines: TraceLine[] };
    if (flags.json === true) console.log(JSON.stringify(lines));
    else for (const l of lines) console.log(`${l.at} ${l.dir === "out" ? "»" : "«"} ${l.line}`);
    return 0;
  } catch (err) {
    console.error(`smsgw trace: ${errorMessage(err)}`);
    return 1;
  }
}
