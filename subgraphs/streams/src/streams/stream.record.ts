import { toMoney } from '@orquesta/money';
import type { Stream, StreamStatus } from './stream.type';

export interface StreamRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  status: string;
  sender_account_id: string;
  receiver_account_id: string;
  currency: string;
  flow_rate_per_second_minor: string;
  created_at: Date;
}

export function streamFromRow(row: StreamRow): Stream {
  return {
    id: row.id,
    status: row.status as StreamStatus,
    sender: { id: row.sender_account_id },
    receiver: { id: row.receiver_account_id },
    flowRatePerSecond: toMoney(BigInt(row.flow_rate_per_second_minor), row.currency),
    livemode: row.livemode,
    createdAt: row.created_at,
  };
}
