import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { readForTenant, SqlWhere } from '@orquesta/db';
import type { NewEvent } from '@orquesta/events';
import { badInput, checkOptionalText, fail, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { checkPositiveAmount, customerBalance, type MoneyPath } from '@orquesta/ledger';
import { formatAmount } from '@orquesta/money';
import { lockTransferReturns } from '../transfers/transfer-returns';
import { TransferStatus, TransferType, type InitiatorType } from '../transfers/transfer.type';
import { LIVE_REFUND_STATUSES, refundEventTypesFor } from './refund.lifecycle';
import { REFUND_COLUMNS, refundSnapshot, type RefundRow } from './refund.record';
import { RefundReason, RefundStatus } from './refund.type';

/** Stripe's default: a transfer can be refunded for 90 days after it completed. */
export const DEFAULT_REFUND_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface NewRefund {
  readonly transferId: string;
  readonly amount?: { readonly amount: string; readonly currency: string } | null;
  readonly reason: RefundReason;
  readonly reasonDetails?: string | null;
  readonly idempotencyKey: string;
}

export interface RefundListFilter {
  readonly transferId?: string | null;
  readonly status?: RefundStatus | null;
}

/** What a transfer's refunds add up to, for `Transfer.refundedAmount` / `Transfer.refundable`. */
export interface RefundTotals {
  readonly refundedMinor: bigint;
  readonly remainingMinor: bigint;
  readonly refundable: boolean;
}

export type RefundService = ReturnType<typeof createRefundService>;

const LIVE = LIVE_REFUND_STATUSES as readonly string[];

/** What refundability looks at, from a row or from the graph's Transfer. */
export interface RefundableTransfer {
  readonly type: string;
  readonly status: string;
  readonly completedAt: Date | null;
  readonly amountMinor: bigint;
}

/** Why a transfer cannot be refunded now, or what remains of it. Pure, so the graph and the mutation agree. */
export function refundability(transfer: RefundableTransfer, refundedMinor: bigint, now: Date, windowDays: number): Result<bigint> {
  if (transfer.type !== TransferType.INTERNAL) {
    return fail({ code: 'NOT_REFUNDABLE', message: `a ${transfer.type} transfer cannot be refunded yet (only internal transfers)` });
  }
  if (transfer.status !== TransferStatus.COMPLETED || !transfer.completedAt) {
    return fail({ code: 'NOT_REFUNDABLE', message: `the transfer is ${transfer.status}; only a completed transfer can be refunded` });
  }
  const closesAt = new Date(transfer.completedAt.getTime() + windowDays * DAY_MS);
  if (now >= closesAt) return fail({ code: 'REFUND_WINDOW_EXPIRED', expiredAt: closesAt.toISOString(), windowDays });
  const remaining = transfer.amountMinor - refundedMinor;
  if (remaining <= 0n) return fail({ code: 'NOT_REFUNDABLE', message: 'the transfer is already fully refunded' });
  return ok(remaining);
}

export function createRefundService({ dataSource, moveMoney, windowDays = () => DEFAULT_REFUND_WINDOW_DAYS }: {
  dataSource: DataSource;
  moveMoney: MoneyPath;
  /** The tenant's refund window in days (tenant settings, once they land). */
  windowDays?: (tenantId: string) => number;
}) {
  async function getMany(request: RequestContext, ids: readonly string[]): Promise<RefundRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const scope = tenantScope(request);
    return readForTenant<RefundRow>(
      dataSource,
      scope,
      `SELECT ${REFUND_COLUMNS} FROM payments.refunds WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
      [scope.tenantId, scope.livemode, valid],
    );
  }

  return {
    getMany,

    /**
     * Returns money along a completed internal transfer, in reverse (payee → payer): the ledger
     * movement, the refund row and `refund.created` + `refund.succeeded` commit together. Under
     * the transfer's row lock, so concurrent partial refunds never exceed the original.
     */
    async create(request: RequestContext, input: NewRefund): Promise<Result<RefundRow>> {
      if (!isUuid(input.transferId)) return notFound('Transfer', input.transferId);
      if (!Object.values(RefundReason).includes(input.reason)) return badInput('input.reason', 'is not a refund reason');
      let requested: { amountMinor: bigint; currency: string } | null = null;
      if (input.amount) {
        const amount = checkPositiveAmount('input.amount', input.amount);
        if (!amount.ok) return amount;
        requested = amount.value;
      }
      const details = checkOptionalText('input.reasonDetails', input.reasonDetails, 500);
      if (!details.ok) return details;

      const scope = tenantScope(request);
      return moveMoney<RefundRow>({
        scope,
        actor: request.actor,
        operation: 'createRefund',
        idempotencyKey: input.idempotencyKey,
        parameters: {
          transferId: input.transferId,
          amountMinor: requested?.amountMinor ?? null,
          currency: requested?.currency ?? null,
          reason: input.reason,
          reasonDetails: details.value,
        },
        plan: async (tx, { resourceId, now }) => {
          const locked = await lockTransferReturns(tx, scope, input.transferId);
          if (!locked) return notFound('Transfer', input.transferId);
          const { transfer } = locked;
          if (requested && requested.currency !== transfer.currency) return badInput('input.amount.currency', `must be the transfer's currency, ${transfer.currency}`);
          const refundable = { type: transfer.type, status: transfer.status, completedAt: transfer.completed_at, amountMinor: BigInt(transfer.amount_minor) };
          // An open dispute holds part of the transfer: that part cannot be refunded as well.
          const remaining = refundability(refundable, locked.refundedMinor + locked.disputedMinor, now, windowDays(scope.tenantId));
          if (!remaining.ok) return remaining;
          const amountMinor = requested?.amountMinor ?? remaining.value;
          if (amountMinor > remaining.value) {
            return fail({ code: 'REFUND_EXCEEDS_REMAINING', remaining: formatAmount(remaining.value, transfer.currency), currency: transfer.currency });
          }
          const row: RefundRow = {
            id: resourceId,
            tenant_id: scope.tenantId,
            livemode: scope.livemode,
            transfer_id: transfer.id,
            amount_minor: amountMinor.toString(),
            currency: transfer.currency,
            reason: input.reason,
            reason_details: details.value,
            status: RefundStatus.SUCCEEDED,
            failure_reason: null,
            initiated_by: { type: request.actor.type as InitiatorType, id: request.actor.id, name: request.actor.name ?? null },
            idempotency_key: input.idempotencyKey,
            version: 1,
            created_at: now,
            updated_at: now,
            completed_at: now,
          };
          const payload = refundSnapshot(row);
          return ok({
            // Reverse direction: the payee gives back to the payer; the payee's balance is checked by the ledger.
            operations: [
              { kind: 'transfer', debit: customerBalance(transfer.to_account_id!, transfer.currency), credit: customerBalance(transfer.from_account_id!, transfer.currency), amountMinor, code: 'refund', reference: resourceId },
            ],
            writes: [
              {
                name: 'payments_insert_refund',
                sql: `INSERT INTO payments.refunds (id, tenant_id, livemode, transfer_id, amount_minor, currency, reason, reason_details, status, failure_reason,
                        initiated_by, idempotency_key, version, created_at, updated_at, completed_at)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
                params: [
                  row.id, row.tenant_id, row.livemode, row.transfer_id, row.amount_minor, row.currency, row.reason, row.reason_details, row.status, row.failure_reason,
                  JSON.stringify(row.initiated_by), row.idempotency_key, row.version, row.created_at, row.updated_at, row.completed_at,
                ],
              },
            ],
            events: refundEventTypesFor([RefundStatus.SUCCEEDED]).map(
              (type): NewEvent => ({ type, entityType: 'Refund', entityId: row.id, entityVersion: row.version, payload, actor: request.actor }),
            ),
            within: () => ok(row),
          });
        },
        replay: async (id) => {
          const [original] = await getMany(request, [id]);
          return original ? ok(original) : notFound('Refund', id);
        },
      });
    },

    async list(request: RequestContext, page: PageRequest, filter: RefundListFilter = {}): Promise<Result<Connection<RefundRow>>> {
      if (filter.transferId && !isUuid(filter.transferId)) return ok(toConnection([], page));
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      if (filter.transferId) where.and((p) => `transfer_id = ${p}`, filter.transferId);
      if (filter.status) where.and((p) => `status = ${p}`, filter.status);
      const rows = await readForTenant<RefundRow>(dataSource, scope, `SELECT ${REFUND_COLUMNS} FROM payments.refunds WHERE ${where.sql} ORDER BY id DESC LIMIT $3`, where.params);
      return ok(toConnection(rows, page));
    },

    /** Every refund of each transfer, oldest first (a transfer has few). */
    async forTransfers(request: RequestContext, transferIds: readonly string[]): Promise<RefundRow[]> {
      const valid = transferIds.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<RefundRow>(
        dataSource,
        scope,
        `SELECT ${REFUND_COLUMNS} FROM payments.refunds WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = ANY($3::uuid[]) ORDER BY id`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

    /** What a transfer's refunds add up to and whether more can be refunded now (disputes hold or took the rest). */
    totals(request: RequestContext, transfer: RefundableTransfer, refunds: readonly RefundRow[], disputedMinor: bigint, now = new Date()): RefundTotals {
      const refundedMinor = refunds.filter((refund) => LIVE.includes(refund.status)).reduce((sum, refund) => sum + BigInt(refund.amount_minor), 0n);
      const remaining = refundability(transfer, refundedMinor + disputedMinor, now, windowDays(request.tenantId));
      return { refundedMinor, remainingMinor: remaining.ok ? remaining.value : 0n, refundable: remaining.ok };
    },
  };
}
