// The gateway core (modem lifecycle + SMS service + store) as its own process, for the crash
// system test: node crash-gateway.mjs <tcp://host:port> <store dir>. Built code from dist/.
// stdin, one JSON per line: {"send": SendRequest} | {"dump": true} | {"exit": true}
// stdout, one JSON per line: {"ready": true} | {"accepted": id} | {"rejected": id, "error"} |
//                            {"inbox": InboundMessage[], "stats": …}
import { createInterface } from "node:readline";
import { AtChannel } from "../../../dist/modem/at/index.js";
import { Modem } from "../../../dist/modem/modem.js";
import { transportFromUrl } from "../../../dist/modem/transport/index.js";
import { SmsService } from "../../../dist/sms/service.js";
import { openSmsStore } from "../../../dist/sms/store-adapter.js";

const [url, dir] = process.argv.slice(2);
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

// A process killed between the "> " prompt and Ctrl-Z leaves the modem in PDU input mode,
// where "AT" is taken as PDU text. ESC abandons that input (27.005 §3.5.1) before anything else.
const openTcp = transportFromUrl(url);
const open = async (signal) => {
  const stream = await openTcp(signal);
  stream.write("\x1b");
  return stream;
};
const channel = new AtChannel({ open, reconnect: { minMs: 50, maxMs: 500 } });
const modem = new Modem({ channel, profile: "SIM800" });
const store = await openSmsStore(dir);
const service = new SmsService({
  modem,
  store,
  options: { deliveryReports: false, sweepIntervalMs: 2_000, retry: { baseMs: 200, maxMs: 1_000 } },
});
await service.start();
await modem.start();
out({ ready: true });

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg.send) {
    service.send(msg.send).then(
      () => out({ accepted: msg.send.id }),
      (err) => out({ rejected: msg.send.id, error: String(err?.message ?? err) }),
    );
  } else if (msg.dump) {
    out({ inbox: service.pendingInbound(), stats: service.stats() });
  } else if (msg.exit) {
    void (async () => {
      await service.stop();
      await store.close?.();
      await modem.stop();
      process.exit(0);
    })();
  }
});
