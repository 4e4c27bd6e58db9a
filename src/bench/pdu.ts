import { decodePdu, encodeSubmit, type SubmitOptions } from "../sms/pdu/index.js";

/**
 * `npm run bench -- pdu [seconds]`: encode + decode round trips per second on one core, over a
 * mixed corpus: short GSM 7-bit, long GSM 7-bit (3 parts, extension characters), UCS-2 with
 * emoji (2 parts). One round trip = encodeSubmit of a message + decodePdu of all its parts.
 */
const corpus: SubmitOptions[] = [
  { to: "+4917012345678", text: "Your code is 482913. Valid for 5 minutes." },
  {
    to: "+4917012345678",
    text: "On my way, see you at 8!",
    statusReport: true,
    validitySeconds: 86_400,
  },
  {
    to: "+4917012345678",
    text: "Lorem ipsum dolor sit amet, [consectetur] adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur {€100}. Excepteur sint occaecat.",
    concatRef: 7,
  },
  {
    to: "017012345678",
    text: "Alles gut 😀 bis später 👋🏽 — Grüße aus Köln! ".repeat(2),
    concatRef: 8,
  },
];

function roundTrip(opts: SubmitOptions): number {
  let chars = 0;
  for (const part of encodeSubmit(opts).parts) chars += decodePdu(part.pdu).text.length;
  return chars;
}

/**
 * Runs `fn` for `seconds` of wall time. Reports per wall second and per second of this
 * process's CPU time: on a shared machine the latter is the one-core figure.
 */
function measure(
  seconds: number,
  fn: () => number,
): { perSecond: number; perCpuSecond: number; sink: number } {
  let sink = 0;
  let n = 0;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) sink += fn();
    n += 1000;
    now = process.hrtime.bigint();
  }
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { perSecond: n / (Number(now - start) / 1e9), perCpuSecond: n / cpuSeconds, sink };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");

export async function run(args: string[]): Promise<void> {
  const seconds = Number(args[0] ?? 3);
  let k = 0;
  const next = () => roundTrip(corpus[k++ % corpus.length]!);
  measure(0.5, next); // warm-up: let the JIT settle
  const mixed = measure(seconds, next);
  console.log(
    `pdu: ${fmt(mixed.perCpuSecond)} round trips per CPU second, ${fmt(mixed.perSecond)} per wall second (mixed corpus of ${corpus.length}, ${seconds}s, one thread)`,
  );
  for (const [i, opts] of corpus.entries()) {
    const parts = encodeSubmit(opts).parts.length;
    const r = measure(Math.max(0.5, seconds / 4), () => roundTrip(opts));
    console.log(
      `  ${i + 1}. ${opts.text.length} chars, ${parts} part(s): ${fmt(r.perCpuSecond)}/CPU s`,
    );
  }
}
