import { resolve } from "node:path";
import type { Command } from "commander";
import { loadConfigFile } from "../../config/load.js";
import { errorMessage } from "../../errors.js";
import { SCOPES, TokenStore } from "../../http/tokens.js";

interface TokenFlags {
  config?: string;
  storeDir?: string;
  json?: boolean;
}

/** The token file lives in the gateway's store directory: from --store-dir, else the config. */
async function storeOf(flags: TokenFlags): Promise<TokenStore> {
  if (flags.storeDir !== undefined) return new TokenStore(resolve(flags.storeDir));
  const { config } = await loadConfigFile({ path: flags.config });
  return new TokenStore(resolve(config.store.dir));
}

const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== ""),
];

async function run(name: string, fn: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await fn();
  } catch (err) {
    console.error(`smsgw token ${name}: ${errorMessage(err)}`);
    process.exitCode = 1;
  }
}

/**
 * `smsgw token create|list|revoke`: API tokens of the HTTP API. A token is printed once, at
 * creation; the store keeps only its SHA-256. The running gateway sees changes at once.
 */
export function register(program: Command): void {
  const token = program.command("token").description("manage the HTTP API's tokens");
  const common = (c: Command) =>
    c
      .option("-c, --config <path>", "gateway config (its store.dir holds the tokens)")
      .option("--store-dir <dir>", "the store directory, instead of reading the config");

  common(
    token
      .command("create")
      .description("make a token; it is printed once, only its hash is kept")
      .requiredOption("--name <name>", "what the token is for (e.g. the application's name)")
      .requiredOption(
        "--scope <scope>",
        `one of ${SCOPES.join(", ")}; repeat or comma-separate`,
        collect,
        [],
      )
      .option("--json", "print one JSON object"),
  ).action(async (flags: TokenFlags & { name: string; scope: string[] }) =>
    run("create", async () => {
      const { token: secret, info } = await (await storeOf(flags)).create(flags.name, flags.scope);
      if (flags.json === true) console.log(JSON.stringify({ token: secret, ...info }));
      else {
        console.log(secret);
        console.error(
          `token "${info.name}" (id ${info.id}, scopes ${info.scopes.join(", ")}): shown only now, keep it safe`,
        );
      }
      return 0;
    }),
  );

  common(
    token
      .command("list")
      .description("list the tokens (never the tokens themselves)")
      .option("--json", "print JSON"),
  ).action(async (flags: TokenFlags) =>
    run("list", async () => {
      const list = await (await storeOf(flags)).list();
      if (flags.json === true) console.log(JSON.stringify(list));
      else if (list.length === 0) console.log("no tokens (make one with `smsgw token create`)");
      else
        for (const t of list)
          console.log(`${t.id}  ${t.name}  ${t.scopes.join(",")}  created ${t.createdAt}`);
      return 0;
    }),
  );

  common(
    token
      .command("revoke")
      .description("revoke a token by its name or id")
      .argument("<name-or-id>"),
  ).action(async (nameOrId: string, flags: TokenFlags) =>
    run("revoke", async () => {
      if (await (await storeOf(flags)).revoke(nameOrId)) {
        console.log(`revoked ${nameOrId}`);
        return 0;
      }
      console.error(`smsgw token revoke: no token named or with id "${nameOrId}"`);
      return 1;
    }),
  );
}
