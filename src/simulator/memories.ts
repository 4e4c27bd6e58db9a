import type { SimulatedModemOptions } from "./options.js";
import type { SimCard } from "./sim-card.js";
import { SimStorage } from "./sim-storage.js";

/** The 27.005 §3.2.2 message memories the simulator models. */
export type MemoryName = "SM" | "ME" | "SR";

/** The three AT+CPMS memories: <mem1> read/list/delete, <mem2> write, <mem3> receive. */
export type CpmsSetting = [MemoryName, MemoryName, MemoryName];

/** Slots of the module's own memories (phone memory is larger than the SIM's; SR is small). */
const ME_CAPACITY = 50;
const SR_CAPACITY = 10;

export type MemoryOptions = Pick<SimulatedModemOptions, "receiveMemory" | "reportMemory">;

/**
 * The module's message memories: the SIM's "SM" always; "ME" (phone memory) when incoming SMS
 * are stored there; "SR" when status reports get their own memory (Quectel with <ds>=2). The
 * module memories live in the module, so they keep their messages across power cycles.
 */
export class Memories {
  /** Where incoming SMS-DELIVERs are stored (announced by `+CMTI: "<mem>",<i>`). */
  readonly receive: MemoryName;
  /** Where <ds>=2 status reports are stored (announced by `+CDSI: "<mem>",<i>`). */
  readonly reports: MemoryName;
  private readonly stores = new Map<MemoryName, SimStorage>();

  constructor(sim: SimCard, opts: MemoryOptions, firstIndex: number) {
    this.receive = opts.receiveMemory ?? "SM";
    this.reports = opts.reportMemory ?? "SM";
    this.stores.set("SM", sim.storage);
    if (this.receive === "ME") this.stores.set("ME", new SimStorage(ME_CAPACITY, firstIndex));
    if (this.reports === "SR") this.stores.set("SR", new SimStorage(SR_CAPACITY, firstIndex));
  }

  /** The memories this module has, in AT+CPMS=? order. */
  get names(): MemoryName[] {
    return [...this.stores.keys()];
  }

  has(name: string): name is MemoryName {
    return this.stores.has(name as MemoryName);
  }

  storage(name: MemoryName): SimStorage {
    const s = this.stores.get(name);
    if (s === undefined) throw new Error(`no ${name} memory on this module`);
    return s;
  }

  /**
   * What AT+CPMS accepts per parameter: <mem1> any memory (reports are read from SR), <mem2>
   * only memories that hold SMS, <mem3> only where the module stores incoming SMS — a module
   * whose receive memory can't be moved refuses `AT+CPMS="SM","SM","SM"` (the gateway then
   * falls back to `AT+CPMS="SM"`, leaving <mem3> on ME: the case this models).
   */
  choices(): [MemoryName[], MemoryName[], MemoryName[]] {
    const all = this.names;
    return [all, all.filter((m) => m !== "SR"), [this.receive]];
  }

  /** After power-up / ATZ: every parameter on the receive memory. */
  defaultCpms(): CpmsSetting {
    return [this.receive, this.receive, this.receive];
  }
}
