import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { lockEntities, type TenantScope } from '@orquesta/db';
import { recordEvent } from '@orquesta/events';
import type { PayoutDestination, RouteDecision } from '@orquesta/treasury';
import { TRANSFER_COLUMNS, transferSnapshot, type TransferRow } from '../transfers/transfer.record';
import { eventTypeForMove } from '../transfers/transfer.lifecycle';
import type { TransferStatus } from '../transfers/transfer.type';
import { INITIAL_STAGE, stageMove, type PayoutStage } from './payout.lifecycle';


export interface PayoutAttempt {
  readonly rail: string;
  readonly reference: string;
  readonly outcome: 'sent' | 'soft_failure' | 'hard_failure' | 'failed' | 'succeeded';
  readonly code: string | null;
  readonly at: string;
}

export interface ManualStep {
  readonly id: string;
  readonly kind: 'RETRY_OR_REFUND';
  readonly description: string;
  readonly options: readonly string[];
  readonly resolvedAt: string | null;
  readonly resolution: string | null;
}

export interface PayoutRow {
  transfer_id: string;
  tenant_id: string;
  livemode: boolean;
  quote_id: string | null;
  corridor: string;
  network: string;
  source_currency: string;
  target_currency: string;
  rate: string;
  target_amount_minor: string;
  destination: PayoutDestination;
  hold_id: string;
  stage: PayoutStage;
  chain: string[];
  chain_index: number;
  round: number;
  soft_failures: number;
  rail: string | null;
  reference: string | null;
  rail_payout_id: string | null;
  route: RouteDecision | null;
  attempts: PayoutAttempt[];
  manual_steps: ManualStep[];
  created_at: Date;
  updated_at: Date;
}

export const PAYOUT_COLUMNS =
  "transfer_id, tenant_id, livemode, quote_id, corridor, network, source_currency, target_currency, rtrim(rtrim(rate::text, '0'), '.') AS rate, " +
  'target_amount_minor::text AS target_amount_minor, destination, hold_id, stage, chain, chain_index, round, soft_failures, rail, reference, ' +
  'rail_payout_id, route, attempts, manual_steps, created_at, updated_at';

export interface LockedPayout {
  readonly transfer: TransferRow;
  readonly payout: PayoutRow;
}

/**
 * Locks a payout and its transfer for a state change: the advisory lock first (so versions and
 * outbox order agree, see lockEntities), then the rows. Null when the tenant has no such payout.
 */
export async function lockPayout(manager: EntityManager, scope: TenantScope, transferId: string): Promise<LockedPayout | null> {
  await lockEntities(manager, [transferId]);
  const transfers: TransferRow[] = await manager.query(
    `SELECT ${TRANSFER_COLUMNS} FROM payments.transfers WHERE tenant_id = $1 AND livemode = $2 AND id = $3 AND type = 'payout' FOR UPDATE`,
    [scope.tenantId, scope.livemode, transferId],
  );
  if (!transfers[0]) return null;
  const payouts: PayoutRow[] = await manager.query(
    `SELECT ${PAYOUT_COLUMNS} FROM payments.payouts WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = $3 FOR UPDATE`,
    [scope.tenantId, scope.livemode, transferId],
  );
  return payouts[0] ? { transfer: transfers[0], payout: payouts[0] } : null;
}

export interface NewPayoutRecord {
  readonly transferId: string;
  readonly quoteId: string | null;
  readonly corridor: string;
  readonly network: string;
  readonly sourceCurrency: string;
  readonly targetCurrency: string;
  readonly rate: string;
  readonly targetMinor: bigint;
  readonly destination: PayoutDestination;
  readonly holdId: string;
}

/** Inserts a payout at its first stage; false when its quote already paid out another payout. */
export async function createPayoutRecord(manager: EntityManager, scope: TenantScope, payout: NewPayoutRecord): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO payments.payouts (transfer_id, tenant_id, livemode, quote_id, corridor, network, source_currency, target_currency, rate,
       target_amount_minor, destination, hold_id, stage)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (tenant_id, livemode, quote_id) DO NOTHING RETURNING transfer_id`,
    [payout.transferId, scope.tenantId, scope.livemode, payout.quoteId, payout.corridor, payout.network, payout.sourceCurrency, payout.targetCurrency,
      payout.rate, payout.targetMinor.toString(), JSON.stringify(payout.destination), payout.holdId, INITIAL_STAGE],
  );
  return inserted.length > 0;
}

/** Settlement fields besides the stage (which only `movePayout` writes). */
export type PayoutPatch = Partial<Pick<PayoutRow, 'chain' | 'chain_index' | 'round' | 'soft_failures' | 'rail' | 'reference' | 'rail_payout_id' | 'route' | 'attempts' | 'manual_steps'>>;

const JSON_COLUMNS = new Set(['route', 'attempts', 'manual_steps']);

/** Writes the settlement fields that changed, the stage left as it is. */
export function updatePayout(manager: EntityManager, scope: TenantScope, transferId: string, patch: PayoutPatch): Promise<void> {
  return writePayout(manager, scope, transferId, patch);
}

/**
 * Moves a locked payout to another stage as its lifecycle allows, with the fields that change
 * with it; the transfer moves too (and announces it) when the new stage stands for another
 * transfer status. Returns the transfer as it is now.
 */
export async function movePayout(
  manager: EntityManager,
  scope: TenantScope,
  locked: LockedPayout,
  to: PayoutStage,
  change: { readonly patch?: PayoutPatch; readonly actor: Actor; readonly failureReason?: string | null },
): Promise<TransferRow> {
  const status = stageMove(locked.payout.stage, to, locked.transfer.status as TransferStatus);
  await writePayout(manager, scope, locked.payout.transfer_id, { ...change.patch, stage: to });
  return status ? moveTransfer(manager, scope, locked.transfer, status, change.actor, change.failureReason ?? null) : locked.transfer;
}

async function writePayout(manager: EntityManager, scope: TenantScope, transferId: string, patch: PayoutPatch & { stage?: PayoutStage }): Promise<void> {
  const entries = Object.entries(patch);
  const sets = entries.map(([column], i) => `${column} = $${i + 4}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
  const values = entries.map(([column, value]) => (JSON_COLUMNS.has(column) ? JSON.stringify(value) : value));
  await manager.query(
    `UPDATE payments.payouts SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = $3`,
    [scope.tenantId, scope.livemode, transferId, ...values],
  );
}

/**
 * Moves a locked transfer to a new status, as the lifecycle allows: the row with its next
 * version, and the event announcing it, in the caller's transaction.
 */
async function moveTransfer(
  manager: EntityManager,
  scope: TenantScope,
  transfer: TransferRow,
  to: TransferStatus,
  actor: Actor,
  failureReason: string | null = null,
): Promise<TransferRow> {
  const type = eventTypeForMove(transfer.status as TransferStatus, to);
  const rows: TransferRow[] = await manager.query(
    `WITH moved AS (
       UPDATE payments.transfers SET status = $4, version = version + 1, updated_at = now(), failure_reason = $5,
              completed_at = CASE WHEN $4 = 'completed' THEN now() ELSE completed_at END
        WHERE tenant_id = $1 AND livemode = $2 AND id = $3
       RETURNING *)
     SELECT ${TRANSFER_COLUMNS} FROM moved`,
    [scope.tenantId, scope.livemode, transfer.id, to, failureReason],
  );
  const moved = rows[0];
  await recordEvent(manager, scope, { type, entityType: 'Transfer', entityId: moved.id, entityVersion: moved.version, payload: transferSnapshot(moved), actor });
  return moved;
}

export const SYSTEM_SETTLEMENT_ACTOR: Actor = { type: 'system', id: 'payout-settlement' };
