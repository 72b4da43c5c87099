/**
 * An event's position in the outbox: the writing transaction's id, then the row id.
 *
 * Row ids come from a sequence, so a transaction can take a smaller id and commit after a
 * larger one. Ordering by (txid, id) and reading only events below the horizon (every event
 * writer that could still commit below it is visible, `events.horizon()`) gives an order in
 * which nothing can ever appear behind a cursor.
 * The public event id is this cursor, so any event id can be used to resume.
 */
export interface EventPosition {
  readonly txid: string;
  readonly id: string;
}

const CURSOR = /^evt_(\d{1,20})_(\d{1,20})$/;

export const ORIGIN: EventPosition = { txid: '0', id: '0' };

export function formatEventId(position: EventPosition): string {
  return `evt_${position.txid}_${position.id}`;
}

export function parseEventId(value: string): EventPosition | undefined {
  const match = CURSOR.exec(value);
  return match ? { txid: match[1], id: match[2] } : undefined;
}

export function compareEventPositions(a: EventPosition, b: EventPosition): number {
  const byTx = BigInt(a.txid) - BigInt(b.txid);
  if (byTx !== 0n) return byTx < 0n ? -1 : 1;
  const byId = BigInt(a.id) - BigInt(b.id);
  return byId === 0n ? 0 : byId < 0n ? -1 : 1;
}
