import type { Duplex } from "node:stream";

/**
 * Opens a fresh byte stream to the modem each time it is called (a reopened serial port must
 * be a new port object: the old one is dead after a USB unplug). Serial port, TCP socket and
 * the simulator's in-process end are all just a Duplex.
 */
export type OpenTransport = (signal?: AbortSignal) => Promise<Duplex>;
