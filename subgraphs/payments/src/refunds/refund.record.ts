import { toMoney } from '@orquesta/money';
import type { Initiator } from '../transfers/transfer.type';
import type { Refund, RefundReason, RefundStatus } from './refund.type';

/** A refund row as PostgreSQL returns it. */
export interface RefundRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  transfer_id: string;
  amount_minor: string;
  currency: string;
  reason: string;
  reason_details: string | null;
  status: string;
  failure_reason: string | null;
  initiated_by: Initiator;
  idempotency_key: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export const REFUND_COLUMNS =
  'id, tenant_id, livemode, transfer_id, amount_minor::text AS amount_minor, currency, reason, reason_details, status, failure_reason, ' +
  'initiated_by, idempotency_key, version, created_at, updated_at, completed_at';

/** The GraphQL refund; `transfer` is a reference the Transfer type resolves. */
export function refundFromRow(row: RefundRow): Omit<Refund, 'transfer'> & { transferId: string } {
  return {
    id: row.id,
    transferId: row.transfer_id,
    amount: toMoney(BigInt(row.amount_minor), row.currency),
    reason: row.reason as RefundReason,
    reasonDetails: row.reason_details,
    status: row.status as RefundStatus,
    failureReason: row.failure_reason,
    initiatedBy: { type: row.initiated_by.type, id: row.initiated_by.id, name: row.initiated_by.name ?? null },
    idempotencyKey: row.idempotency_key,
    livemode: row.livemode,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** The event payload of every `refund.*` event. */
export function refundSnapshot(row: RefundRow): Record<string, unknown> {
  const amount = toMoney(BigInt(row.amount_minor), row.currency);
  return {
    id: row.id,
    transferId: row.transfer_id,
    amount: { amount: amount.amount, currency: amount.currency },
    reason: row.reason,
    reasonDetails: row.reason_details,
    status: row.status,
    failureReason: row.failure_reason,
    idempotencyKey: row.idempotency_key,
    initiatedBy: row.initiated_by,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
