import { toMoney } from '@orquesta/money';
import type { Initiator } from '../transfers/transfer.type';
import type { Dispute, DisputeReason, DisputeStatus } from './dispute.type';

export interface DisputeEvidenceRow {
  explanation?: string | null;
  serviceDocumentation?: string | null;
  customerCommunication?: string | null;
  refundPolicy?: string | null;
  submittedAt?: string | null;
}

export interface DisputeRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  transfer_id: string;
  amount_minor: string;
  currency: string;
  reason: string;
  description: string | null;
  status: string;
  evidence: DisputeEvidenceRow;
  hold_id: string;
  due_by: Date;
  initiated_by: Initiator;
  idempotency_key: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

export const DISPUTE_COLUMNS =
  'id, tenant_id, livemode, transfer_id, amount_minor::text AS amount_minor, currency, reason, description, status, evidence, hold_id, due_by, ' +
  'initiated_by, idempotency_key, version, created_at, updated_at, resolved_at';

export function disputeFromRow(row: DisputeRow): Omit<Dispute, 'transfer'> & { transferId: string } {
  return {
    id: row.id,
    transferId: row.transfer_id,
    status: row.status as DisputeStatus,
    amount: toMoney(BigInt(row.amount_minor), row.currency),
    reason: row.reason as DisputeReason,
    description: row.description,
    evidence: {
      explanation: row.evidence.explanation ?? null,
      serviceDocumentation: row.evidence.serviceDocumentation ?? null,
      customerCommunication: row.evidence.customerCommunication ?? null,
      refundPolicy: row.evidence.refundPolicy ?? null,
      submittedAt: row.evidence.submittedAt ? new Date(row.evidence.submittedAt) : null,
    },
    dueBy: row.due_by,
    initiatedBy: { type: row.initiated_by.type, id: row.initiated_by.id, name: row.initiated_by.name ?? null },
    livemode: row.livemode,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/** The payload of every `dispute.*` event. */
export function disputeSnapshot(row: DisputeRow): Record<string, unknown> {
  const amount = toMoney(BigInt(row.amount_minor), row.currency);
  return {
    id: row.id,
    transferId: row.transfer_id,
    status: row.status,
    amount: { amount: amount.amount, currency: amount.currency },
    reason: row.reason,
    description: row.description,
    evidence: row.evidence,
    dueBy: new Date(row.due_by).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}
