import type { EntityManager } from 'typeorm';
import type { TenantScope } from '@orquesta/db';
import { toMoney } from '@orquesta/money';
import type { Account, Initiator, Transfer, TransferStatus, TransferType } from './transfer.type';

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
  fee_minor: string;
  currency: string;
  description: string | null;
  initiated_by: Initiator;
  idempotency_key: string | null;
  failure_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export const TRANSFER_COLUMNS =
  'id, tenant_id, livemode, type, status, from_account_id, to_account_id, amount_minor::text AS amount_minor, fee_minor::text AS fee_minor, ' +
  'currency, description, initiated_by, idempotency_key, failure_reason, version, created_at, updated_at, completed_at';

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
    fee: toMoney(BigInt(row.fee_minor), row.currency),
    initiatedBy: { type: row.initiated_by.type, id: row.initiated_by.id, name: row.initiated_by.name ?? null },
    description: row.description,
    idempotencyKey: row.idempotency_key,
    failureReason: row.failure_reason,
    livemode: row.livemode,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** The event payload: what a webhook receiver or an events reader sees of a transfer. */
export function transferSnapshot(row: TransferRow): Record<string, unknown> {
  const transfer = transferFromRow(row);
  return {
    id: transfer.id,
    type: transfer.type,
    status: transfer.status,
    fromAccountId: row.from_account_id,
    toAccountId: row.to_account_id,
    amount: { amount: transfer.amount.amount, currency: transfer.amount.currency },
    fee: { amount: transfer.fee.amount, currency: transfer.fee.currency },
    description: transfer.description,
    idempotencyKey: transfer.idempotencyKey,
    initiatedBy: transfer.initiatedBy,
    failureReason: transfer.failureReason,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/** Notes the ledger hold behind a transfer that waits for approval (posted or voided on decision). */
export async function setHold(manager: EntityManager, scope: TenantScope, transferId: string, holdId: string): Promise<void> {
  await manager.query('UPDATE payments.transfers SET hold_id = $4 WHERE tenant_id = $1 AND livemode = $2 AND id = $3', [scope.tenantId, scope.livemode, transferId, holdId]);
}
