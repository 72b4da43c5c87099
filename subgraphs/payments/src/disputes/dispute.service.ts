import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { readForTenant, SqlWhere, type TenantScope } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import { badInput, checkOptionalText, fail, notFound, ok, toConnection, type Connection, type PageRequest, type Result } from '@orquesta/graphql';
import { checkPositiveAmount, customerBalance, withTenantResult, type Ledger, type MoneyPath } from '@orquesta/ledger';
import { formatAmount } from '@orquesta/money';
import { lockTransferReturns } from '../transfers/transfer-returns';
import { TransferStatus, TransferType, type InitiatorType } from '../transfers/transfer.type';
import { canMoveDispute, COMMITTED_DISPUTE_STATUSES, disputeEventType, holdAction } from './dispute.lifecycle';
import { DISPUTE_COLUMNS, disputeSnapshot, type DisputeEvidenceRow, type DisputeRow } from './dispute.record';
import { DisputeOutcome, DisputeReason, DisputeStatus } from './dispute.type';

/** The seed's defaults: a customer may dispute for 120 days; the payee answers within 30. */
export const DISPUTE_FILING_WINDOW_DAYS = 120;
export const DISPUTE_RESPONSE_DAYS = 30;
const DAY_MS = 86_400_000;
// The hold outlives any decision; the maintenance worker would otherwise release it on its own.
const DISPUTE_HOLD_DAYS = 365;
const EVIDENCE_LENGTH_MAX = 20_000;

export interface NewDispute {
  readonly transferId: string;
  readonly reason: DisputeReason;
  readonly amount?: { readonly amount: string; readonly currency: string } | null;
  readonly description?: string | null;
  readonly idempotencyKey: string;
}

export interface DisputeListFilter {
  readonly transferId?: string | null;
  readonly status?: DisputeStatus | null;
  readonly dueBefore?: Date | null;
}

export type DisputeService = ReturnType<typeof createDisputeService>;

export function createDisputeService({ dataSource, ledger, moveMoney }: { dataSource: DataSource; ledger: Ledger; moveMoney: MoneyPath }) {
  async function getMany(request: RequestContext, ids: readonly string[]): Promise<DisputeRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const scope = tenantScope(request);
    return readForTenant<DisputeRow>(dataSource, scope, `SELECT ${DISPUTE_COLUMNS} FROM payments.disputes WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`, [
      scope.tenantId,
      scope.livemode,
      valid,
    ]);
  }

  /**
   * Moves a dispute under its transfer's lock (the same lock refunds take), with what the
   * lifecycle says to do with the hold, its event, and the row: one transaction.
   */
  async function move(
    request: RequestContext,
    disputeId: string,
    to: DisputeStatus,
    patch: (row: DisputeRow, now: Date) => Partial<DisputeRow> = () => ({}),
  ): Promise<Result<DisputeRow>> {
    if (!isUuid(disputeId)) return notFound('Dispute', disputeId);
    const scope = tenantScope(request);
    return withTenantResult(dataSource, scope, async (tx) => {
      const [found] = (await tx.query(`SELECT transfer_id FROM payments.disputes WHERE tenant_id = $1 AND livemode = $2 AND id = $3`, [scope.tenantId, scope.livemode, disputeId])) as Array<{
        transfer_id: string;
      }>;
      if (!found) return notFound('Dispute', disputeId);
      await lockTransferReturns(tx, scope, found.transfer_id);
      const [row] = (await tx.query(`SELECT ${DISPUTE_COLUMNS} FROM payments.disputes WHERE id = $1 FOR UPDATE`, [disputeId])) as DisputeRow[];
      const from = row.status as DisputeStatus;
      if (!canMoveDispute(from, to)) return fail({ code: 'CONFLICT', message: `the dispute is ${from}; it cannot become ${to}` });
      const action = holdAction(to);
      if (action !== 'keep') {
        const moved = await ledger.execute(tx, scope, [{ kind: action, pendingId: row.hold_id, reference: row.id }], { actor: request.actor });
        if (!moved.ok) return moved;
      }
      const now = new Date();
      const next: DisputeRow = { ...row, ...patch(row, now), status: to, version: row.version + 1, updated_at: now, resolved_at: action === 'keep' ? null : now };
      await tx.query(`UPDATE payments.disputes SET status = $2, evidence = $3, version = $4, updated_at = $5, resolved_at = $6 WHERE id = $1`, [
        row.id,
        next.status,
        JSON.stringify(next.evidence),
        next.version,
        next.updated_at,
        next.resolved_at,
      ]);
      await recordEvent(tx, scope, { type: disputeEventType(to), entityType: 'Dispute', entityId: row.id, entityVersion: next.version, payload: disputeSnapshot(next), actor: request.actor });
      return ok(next);
    });
  }

  return {
    getMany,

    /** What disputes hold or gave back of each transfer, for `Transfer.refundable`. */
    async committedForTransfers(request: RequestContext, transferIds: readonly string[]): Promise<Map<string, bigint>> {
      const valid = transferIds.filter(isUuid);
      if (valid.length === 0) return new Map();
      const scope = tenantScope(request);
      const rows = await readForTenant<{ transfer_id: string; disputed: string }>(
        dataSource,
        scope,
        `SELECT transfer_id, sum(amount_minor)::text AS disputed FROM payments.disputes
          WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = ANY($3::uuid[]) AND status = ANY($4::text[]) GROUP BY transfer_id`,
        [scope.tenantId, scope.livemode, valid, COMMITTED_DISPUTE_STATUSES],
      );
      return new Map(rows.map((row) => [row.transfer_id, BigInt(row.disputed)]));
    },

    /**
     * Opens a dispute on a completed internal transfer: the disputed amount is held on the payee
     * (a ledger hold towards the payer) under the transfer's lock, so it never overlaps refunds.
     */
    async open(request: RequestContext, input: NewDispute): Promise<Result<DisputeRow>> {
      if (!isUuid(input.transferId)) return notFound('Transfer', input.transferId);
      if (!Object.values(DisputeReason).includes(input.reason)) return badInput('input.reason', 'is not a dispute reason');
      let requested: { amountMinor: bigint; currency: string } | null = null;
      if (input.amount) {
        const amount = checkPositiveAmount('input.amount', input.amount);
        if (!amount.ok) return amount;
        requested = amount.value;
      }
      const description = checkOptionalText('input.description', input.description, 2000);
      if (!description.ok) return description;
      const scope = tenantScope(request);
      return moveMoney<DisputeRow>({
        scope,
        actor: request.actor,
        operation: 'openDispute',
        idempotencyKey: input.idempotencyKey,
        parameters: { transferId: input.transferId, reason: input.reason, amountMinor: requested?.amountMinor ?? null, currency: requested?.currency ?? null, description: description.value },
        plan: async (tx, { resourceId, now }) => {
          const locked = await lockTransferReturns(tx, scope, input.transferId);
          if (!locked) return notFound('Transfer', input.transferId);
          const { transfer } = locked;
          if (transfer.type !== TransferType.INTERNAL || transfer.status !== TransferStatus.COMPLETED || !transfer.completed_at) {
            return badInput('input.transferId', 'only a completed internal transfer can be disputed');
          }
          if (now.getTime() >= transfer.completed_at.getTime() + DISPUTE_FILING_WINDOW_DAYS * DAY_MS) {
            return badInput('input.transferId', `the ${DISPUTE_FILING_WINDOW_DAYS}-day filing window has closed`);
          }
          if (requested && requested.currency !== transfer.currency) return badInput('input.amount.currency', `must be the transfer's currency, ${transfer.currency}`);
          const remaining = BigInt(transfer.amount_minor) - locked.refundedMinor - locked.disputedMinor;
          const amountMinor = requested?.amountMinor ?? remaining;
          if (remaining <= 0n || amountMinor > remaining) {
            return badInput('input.amount.amount', `at most ${formatAmount(remaining > 0n ? remaining : 0n, transfer.currency)} ${transfer.currency} is neither refunded nor disputed`);
          }
          const row: DisputeRow = {
            id: resourceId,
            tenant_id: scope.tenantId,
            livemode: scope.livemode,
            transfer_id: transfer.id,
            amount_minor: amountMinor.toString(),
            currency: transfer.currency,
            reason: input.reason,
            description: description.value,
            status: DisputeStatus.OPEN,
            evidence: {},
            hold_id: '',
            due_by: new Date(now.getTime() + DISPUTE_RESPONSE_DAYS * DAY_MS),
            initiated_by: { type: request.actor.type as InitiatorType, id: request.actor.id, name: request.actor.name ?? null },
            idempotency_key: input.idempotencyKey,
            version: 1,
            created_at: now,
            updated_at: now,
            resolved_at: null,
          };
          return ok({
            operations: [
              {
                kind: 'transfer',
                debit: customerBalance(transfer.to_account_id!, transfer.currency),
                credit: customerBalance(transfer.from_account_id!, transfer.currency),
                amountMinor,
                code: 'dispute_hold',
                reference: resourceId,
                holdUntil: new Date(now.getTime() + DISPUTE_HOLD_DAYS * DAY_MS),
              },
            ],
            // The row needs the hold's id, so it is written once the money moved.
            within: async (inner: EntityManager, moved) => {
              const held: DisputeRow = { ...row, hold_id: moved.transfers[0].id };
              await insertDispute(inner, scope, held);
              await recordEvent(inner, scope, { type: disputeEventType(DisputeStatus.OPEN), entityType: 'Dispute', entityId: held.id, entityVersion: 1, payload: disputeSnapshot(held), actor: request.actor });
              return ok(held);
            },
          });
        },
        replay: async (id) => {
          const [original] = await getMany(request, [id]);
          return original ? ok(original) : notFound('Dispute', id);
        },
      });
    },

    async submitEvidence(request: RequestContext, disputeId: string, evidence: Record<string, string | null | undefined>): Promise<Result<DisputeRow>> {
      // Whose dispute it is comes first: another tenant's id is NOT_FOUND whatever the evidence.
      const [found] = await getMany(request, [disputeId]);
      if (!found) return notFound('Dispute', disputeId);
      const checked: DisputeEvidenceRow = {};
      for (const field of ['explanation', 'serviceDocumentation', 'customerCommunication', 'refundPolicy'] as const) {
        const text = checkOptionalText(`input.evidence.${field}`, evidence[field], EVIDENCE_LENGTH_MAX);
        if (!text.ok) return text;
        checked[field] = text.value;
      }
      if (Object.values(checked).every((value) => value === null)) return badInput('input.evidence', 'must hold at least one text');
      return move(request, disputeId, DisputeStatus.UNDER_REVIEW, (_row, now) => ({ evidence: { ...checked, submittedAt: now.toISOString() } }));
    },

    accept(request: RequestContext, disputeId: string): Promise<Result<DisputeRow>> {
      return move(request, disputeId, DisputeStatus.ACCEPTED);
    },

    /** The rail's (simulated) decision. */
    resolve(request: RequestContext, disputeId: string, outcome: DisputeOutcome): Promise<Result<DisputeRow>> {
      if (!Object.values(DisputeOutcome).includes(outcome)) return Promise.resolve(badInput('input.outcome', 'is not an outcome'));
      return move(request, disputeId, outcome === DisputeOutcome.WON ? DisputeStatus.WON : DisputeStatus.LOST);
    },

    async list(request: RequestContext, page: PageRequest, filter: DisputeListFilter = {}): Promise<Result<Connection<DisputeRow>>> {
      if (filter.transferId && !isUuid(filter.transferId)) return ok(toConnection([], page));
      const scope = tenantScope(request);
      const where = new SqlWhere([scope.tenantId, scope.livemode, page.limit + 1], ['tenant_id = $1', 'livemode = $2']);
      if (page.afterId) where.and((p) => `id < ${p}`, page.afterId);
      if (filter.transferId) where.and((p) => `transfer_id = ${p}`, filter.transferId);
      if (filter.status) where.and((p) => `status = ${p}`, filter.status);
      if (filter.dueBefore) where.and((p) => `due_by < ${p}`, filter.dueBefore);
      const rows = await readForTenant<DisputeRow>(dataSource, scope, `SELECT ${DISPUTE_COLUMNS} FROM payments.disputes WHERE ${where.sql} ORDER BY id DESC LIMIT $3`, where.params);
      return ok(toConnection(rows, page));
    },
  };
}

async function insertDispute(tx: EntityManager, scope: TenantScope, row: DisputeRow): Promise<void> {
  await tx.query(
    `INSERT INTO payments.disputes (id, tenant_id, livemode, transfer_id, amount_minor, currency, reason, description, status, evidence, hold_id, due_by,
       initiated_by, idempotency_key, version, created_at, updated_at, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      row.id, scope.tenantId, scope.livemode, row.transfer_id, row.amount_minor, row.currency, row.reason, row.description, row.status, JSON.stringify(row.evidence),
      row.hold_id, row.due_by, JSON.stringify(row.initiated_by), row.idempotency_key, row.version, row.created_at, row.updated_at, row.resolved_at,
    ],
  );
}
