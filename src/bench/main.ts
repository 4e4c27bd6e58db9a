#!/usr/bin/env node
/**
 * `npm run bench -- <name> [args]`: each benchmark lives in `src/bench/<name>.ts` and exports
 * `run(args: string[]): Promise<void>`, printing its figures to stdout.
 */
const benches = [
  "pdu",
  "at",
  "store",
  "pipeline",
  "mqtt",
  "footprint",
  "http",
  "webhooks",
  "smpp",
] as const;

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || !(benches as readonly string[]).includes(name)) {
    console.error(`usage: npm run bench -- <${benches.join("|")}> [args]`);
    process.exitCode = 2;
    return;
  }
  const mod = (await import(`./${name}.js`)) as { run: (args: string[]) => Promise<void> };
  await mod.run(args);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
