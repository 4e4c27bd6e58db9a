/** A small live document shaped like the SMS service's (keyed outbox, FIFO inbox, counters). */
export interface QueueDoc {
  outbox: Record<string, { id: string; to: string; text: string; status: string }>;
  inbox: Array<{ id: string; text: string }>;
  concatRef: number;
}

export const emptyQueue = (): QueueDoc => ({ outbox: {}, inbox: [], concatRef: 0 });

export function message(id: string, text = `hello ${id}`) {
  return { id, to: "+491701234567", text, status: "queued" };
}
