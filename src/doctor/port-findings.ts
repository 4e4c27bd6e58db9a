import type { SmsgwError } from "../errors.js";
import type { PortProblem } from "../modem/transport/problem.js";
import type { GpioInfo } from "./host/gpio.js";
import type { Finding } from "./types.js";

/** What to do about a port that would not open, by problem (the gateway gives the same advice). */
const PORT_ADVICE: Record<PortProblem, Omit<Finding, "area" | "message">> = {
  "no-port": {
    id: "port-missing",
    fix: "Check the port name: the GPIO UART is /dev/serial0 (once enable_uart=1), USB modems are under /dev/serial/by-id/.",
    command: "ls -l /dev/serial0 /dev/serial/by-id/",
  },
  "port-access-denied": {
    id: "port-permission-denied",
    fix: "Add your user to the dialout group, then log out and in again.",
    command: "sudo usermod -aG dialout $USER",
  },
  "port-busy": {
    id: "port-busy",
    fix: "Another program has the port (the smsgw service, ModemManager, a terminal program): stop it first.",
    command: "sudo systemctl stop smsgw ModemManager",
  },
};

const PROBLEM_WORDS: Record<PortProblem, string> = {
  "no-port": "it does not exist",
  "port-access-denied": "permission denied",
  "port-busy": "another program holds it",
};

/** A port problem met outside the doctor (the running gateway): the doctor's advice for it. */
export function portProblemFinding(port: string, problem: PortProblem): Finding {
  return advised(problem, {
    area: "port",
    message: `Cannot open ${port}: ${PROBLEM_WORDS[problem]}.`,
  });
}

function advised(problem: PortProblem, base: Pick<Finding, "area" | "message">): Finding {
  const { id, fix, command } = PORT_ADVICE[problem];
  return { id, ...base, fix, command };
}

/** The port would not open: say why in words a user can act on. */
export function openFailedFinding(port: string, err: SmsgwError): Finding {
  const text = err.message;
  // transport errors already read "cannot open <port>: …"
  const said = /^cannot /i.test(text) ? text : `cannot open ${port}: ${text}`;
  const base = { area: "port" as const, message: `${said[0]!.toUpperCase()}${said.slice(1)}.` };
  if (/ENOENT|no such file/i.test(text)) return advised("no-port", base);
  if (/EACCES|permission denied/i.test(text)) return advised("port-access-denied", base);
  if (/lock|EBUSY|resource temporarily unavailable/i.test(text)) return advised("port-busy", base);
  if (/ECONNREFUSED|EHOSTUNREACH|ETIMEDOUT|ENOTFOUND/i.test(text)) {
    return {
      id: "port-unreachable",
      ...base,
      fix: "Check that the TCP end (ser2net, `smsgw simulate --listen`) is running and the host and port are right.",
      command: null,
    };
  }
  return {
    id: "port-open-failed",
    ...base,
    fix: "Check the port name and that nothing else uses it.",
    command: null,
  };
}

/** Nothing answered `AT`: power, wiring, PWRKEY. */
export function notRespondingFinding(
  port: string,
  tried: readonly number[],
  tcp: boolean,
  gpio: GpioInfo | null,
): Finding {
  if (tcp) {
    return {
      id: "modem-not-responding",
      area: "modem",
      message: `Nothing answers AT at ${port}.`,
      fix: "Check that the far end (ser2net or the simulator) is connected to a powered modem, at the modem's baud rate.",
      command: null,
    };
  }
  // PWRKEY is a toggle: a pulse switches a running module off, so only when silent.
  const pins =
    gpio === null
      ? "Waveshare SIM868 HAT: BCM 4; SIM7600 HAT: BCM 6"
      : `Waveshare SIM868 HAT: BCM 4 = gpio ${gpio.base + 4}; SIM7600 HAT: BCM 6 = gpio ${gpio.base + 6}`;
  return {
    id: "modem-not-responding",
    area: "modem",
    message: `The modem does not answer AT at ${tried.join(", ")} baud.`,
    fix: `Power it on: check its power LED and supply (2 A peaks), then press the PWRKEY button or pulse the PWRKEY pin (${pins}). Check the wiring (modem TX → Pi RX/GPIO 15, modem RX → Pi TX/GPIO 14, common ground) and the HAT's UART jumpers.`,
    command: `smsgw at --port ${port} AT`,
  };
}
