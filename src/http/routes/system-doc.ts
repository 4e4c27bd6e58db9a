import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";
import { problemSchema } from "../openapi/schemas.js";
import { backupSchema } from "../system/backup-file.js";

/** The OpenAPI descriptions of the admin's diagnostics and system routes. */

const finding = z.object({
  id: z.string(),
  area: z.string(),
  message: z.string(),
  fix: z.string(),
  command: z.string().nullable(),
});

export const doctorDoc: RouteDoc = {
  summary: "`smsgw doctor` for the running gateway: its findings without probing the port",
  description:
    "The `smsgw doctor --json` shape; the baud probe and the modem report are skipped (the gateway holds the port) and `skipped` says so. `gateway` holds the modem's state and the health document.",
  tag: "diagnostics",
  responses: {
    200: {
      description: "The report",
      schema: z.object({
        port: z.string(),
        ok: z.boolean(),
        problems: z.array(finding),
        warnings: z.array(finding),
        host: z.unknown().describe("Raspberry Pi host checks; null off a Pi or for a socket"),
        gateway: z.object({ modem: z.unknown(), health: z.unknown() }),
        skipped: z.array(z.object({ check: z.string(), reason: z.string() })),
      }),
    },
  },
};

export const logsQuery = z.strictObject({
  level: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("trace"),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});

export const logsDoc: RouteDoc = {
  summary: "The gateway's last log lines (at most 500, secrets redacted as in every log)",
  tag: "diagnostics",
  query: z.object({
    level: z.string().optional().describe("Lowest level shown: trace … fatal (default trace)"),
    limit: z.string().optional().describe("How many of the newest lines, 1–500 (default 500)"),
  }),
  responses: {
    200: {
      description: "Newest last; each line is pino's JSON object with `level` as a name",
      schema: z.object({ lines: z.array(z.record(z.string(), z.unknown())) }),
    },
  },
};

export const atBody = z.strictObject({ command: z.string() });

export const atConsoleDoc: RouteDoc = {
  summary: "Send one AT command to the modem (when http.ui.atConsole is on)",
  description:
    "Queued with the gateway's own commands. PIN, password and lock commands and prompt commands are refused. Each command is logged.",
  tag: "diagnostics",
  body: atBody,
  responses: {
    200: {
      description: "The answer lines and the final result (`OK`, `ERROR`, `+CME ERROR: 10`)",
      schema: z.object({
        command: z.string(),
        lines: z.array(z.string()),
        final: z.string(),
        error: z.string().optional().describe("The error code when the modem did not say OK"),
      }),
    },
    400: {
      description: "Not one allowed AT command (`http.at-command-refused`)",
      schema: problemSchema,
    },
    403: { description: "The console is off (`http.at-console-off`)", schema: problemSchema },
  },
};

const accepted = z.object({ state: z.string(), reason: z.string() });

export const modemRestartDoc: RouteDoc = {
  summary: "Restart the modem (AT+CFUN=1,1 through the lifecycle, then the usual set-up)",
  tag: "system",
  responses: {
    202: { description: "Restarting; watch `state` on /api/v1/modem", schema: accepted },
    409: { description: "No started modem (`http.modem-unavailable`)", schema: problemSchema },
  },
};

export const backupDoc: RouteDoc = {
  summary: "Download a backup: the config file and every file of the store directory",
  description: "It holds every SMS, the token hashes and the config's secrets: keep it safe.",
  tag: "system",
  responses: {
    200: {
      description: "smsgw-backup JSON (each file base64 with its SHA-256), as an attachment",
      schema: backupSchema,
    },
  },
};

export const restoreDoc: RouteDoc = {
  summary: "Restore a backup (then restart the gateway)",
  description:
    "Every file is checked before any is written; each is written crash-safely (temp file, fsync, rename). Files not in the backup are left alone.",
  tag: "system",
  body: backupSchema.describe("A file from GET /api/v1/system/backup"),
  responses: {
    200: {
      description: "Written; restart the gateway now",
      schema: z.object({
        store: z.array(z.string()),
        config: z.boolean(),
        restartRequired: z.literal(true),
      }),
    },
    400: {
      description:
        "Not a backup (`mqtt.invalid-request`, `fields`), or a damaged or unsafe file in it (`http.backup-invalid`)",
      schema: problemSchema,
    },
  },
};

export const rebootDoc: RouteDoc = {
  summary: "Reboot the host (only as the SD image's systemd service)",
  tag: "system",
  responses: {
    202: { description: "Rebooting", schema: z.object({ rebooting: z.literal(true) }) },
    409: {
      description: "This gateway may not reboot its host (`http.reboot-unavailable`)",
      schema: problemSchema,
    },
  },
};
