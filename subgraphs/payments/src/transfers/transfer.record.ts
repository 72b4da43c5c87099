import { toMoney } from '@orquesta/money';
import type { Account, Transfer, TransferStatus, TransferType } from './transfer.type';

/** A transfer row as PostgreSQL returns it (snake_case, numeric as string). */
export interface TransferRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  type: string;
  status: string;
  from_account_id: string | null;
  to_account_id: string | null;
  amount_minor: string;
  currency: string;
  description: string | null;
  created_at: Date;
}

function reference(id: string | null): Account | null {
  return id ? { id } : null;
}

export function transferFromRow(row: TransferRow): Transfer {
  return {
    id: row.id,
    type: row.type as TransferType,
    status: row.status as TransferStatus,
    from: reference(row.from_account_id),
    to: reference(row.to_account_id),
    amount: toMoney(BigInt(row.amount_minor), row.currency),
    description: row.description,
    livemode: row.livemode,
    createdAt: row.created_at,
  };
}
