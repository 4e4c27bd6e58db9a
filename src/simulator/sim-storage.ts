/**
 * SMS storage on the SIM ("SM"): a fixed number of slots holding PDUs with their 27.005
 * <stat> (0 REC UNREAD, 1 REC READ, 2 STO UNSENT, 3 STO SENT).
 */
export interface StoredSms {
  index: number;
  stat: 0 | 1 | 2 | 3;
  /** Hex PDU including the SMSC field, as AT+CMGR prints it. */
  pdu: string;
}

export class SimStorage {
  private readonly slots = new Map<number, StoredSms>();

  constructor(
    readonly capacity: number,
    readonly firstIndex: number,
  ) {}

  get used(): number {
    return this.slots.size;
  }

  get full(): boolean {
    return this.slots.size >= this.capacity;
  }

  inRange(index: number): boolean {
    return index >= this.firstIndex && index < this.firstIndex + this.capacity;
  }

  /** Stores into the lowest free slot; null when full. */
  store(pdu: string, stat: StoredSms["stat"]): number | null {
    for (let i = this.firstIndex; i < this.firstIndex + this.capacity; i++) {
      if (!this.slots.has(i)) {
        this.slots.set(i, { index: i, stat, pdu });
        return i;
      }
    }
    return null;
  }

  get(index: number): StoredSms | undefined {
    return this.slots.get(index);
  }

  /** Messages in index order; `stat` 4 = all (AT+CMGL=4). */
  list(stat: number): StoredSms[] {
    return [...this.slots.values()]
      .filter((m) => stat === 4 || m.stat === stat)
      .sort((a, b) => a.index - b.index);
  }

  delete(index: number): boolean {
    return this.slots.delete(index);
  }

  /** AT+CMGD delflag 1–4 (27.005 §3.5.4): 1 read, 2 read+sent, 3 read+sent+unsent, 4 all. */
  deleteByFlag(flag: number): number {
    const kill: Record<number, number[]> = { 1: [1], 2: [1, 3], 3: [1, 2, 3], 4: [0, 1, 2, 3] };
    const stats = kill[flag] ?? [];
    let n = 0;
    for (const m of [...this.slots.values()]) {
      if (stats.includes(m.stat)) {
        this.slots.delete(m.index);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.slots.clear();
  }
}
