import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import type { RequestContext } from '@orquesta/context';
import { tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7, withTenant, type TenantScope } from '@orquesta/db';

export type ReconciliationOutcome = 'matched' | 'amount_mismatch' | 'missing_in_ledger' | 'missing_at_rail';

export interface ReconciliationItemRecord {
  readonly rail: string;
  readonly transferId: string;
  readonly outcome: ReconciliationOutcome;
  readonly ledgerAmountMinor: bigint | null;
  readonly railAmountMinor: bigint | null;
  readonly currency: string;
}

export interface ReconciliationRunRecord {
  readonly id: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly matched: number;
  readonly mismatched: number;
  readonly items: readonly ReconciliationItemRecord[];
}

const RUNS_MAX = 50;
const ITEMS_PER_RUN_MAX = 10_000;

// Both sides of every final payout: the rail's statement (its succeeded payouts) and the
// ledger's settlement postings to the rail's account. Payouts still in flight are left out:
// their ledger side is not due yet.
const COMPARE = `
  WITH rail_side AS (
    SELECT s.rail, s.transfer_id, s.amount_minor, s.currency FROM treasury.rail_simulator_payouts s
     WHERE s.tenant_id = $1 AND s.livemode = $2 AND s.final_status = 'succeeded' AND s.complete_at <= now()
       AND NOT EXISTS (SELECT 1 FROM payments.payouts p WHERE p.tenant_id = $1 AND p.livemode = $2 AND p.transfer_id = s.transfer_id
                        AND p.stage IN ('sending', 'sent'))),
  ledger_side AS (
    SELECT a.qualifier AS rail, t.reference::uuid AS transfer_id, t.amount_minor, t.currency FROM ledger.transfers t
      JOIN ledger.accounts a ON a.id = t.credit_account_id
     WHERE t.tenant_id = $1 AND t.livemode = $2 AND t.code = 'payout_settlement' AND a.code = 'rail_settlement')
  SELECT coalesce(r.rail, l.rail) AS rail, coalesce(r.transfer_id, l.transfer_id) AS transfer_id,
         l.amount_minor::text AS ledger_amount, r.amount_minor::text AS rail_amount, coalesce(r.currency, l.currency) AS currency,
         CASE WHEN l.transfer_id IS NULL THEN 'missing_in_ledger'
              WHEN r.transfer_id IS NULL THEN 'missing_at_rail'
              WHEN l.amount_minor <> r.amount_minor OR l.currency <> r.currency THEN 'amount_mismatch'
              ELSE 'matched' END AS outcome
    FROM rail_side r FULL JOIN ledger_side l ON l.rail = r.rail AND l.transfer_id = r.transfer_id
   ORDER BY 2
   LIMIT ${ITEMS_PER_RUN_MAX}`;

interface ItemRow {
  rail: string;
  transfer_id: string;
  ledger_amount: string | null;
  rail_amount: string | null;
  currency: string;
  outcome: ReconciliationOutcome;
}

function itemFromRow(row: ItemRow): ReconciliationItemRecord {
  return {
    rail: row.rail,
    transferId: row.transfer_id,
    outcome: row.outcome,
    ledgerAmountMinor: row.ledger_amount === null ? null : BigInt(row.ledger_amount),
    railAmountMinor: row.rail_amount === null ? null : BigInt(row.rail_amount),
    currency: row.currency,
  };
}

export type ReconciliationService = ReturnType<typeof createReconciliationService>;

/**
 * Compares the ledger with each rail's statement and records every match and mismatch, one
 * run per tenant and mode, in one transaction.
 */
export function createReconciliationService({ dataSource }: { dataSource: DataSource }) {
  async function runFor(scope: TenantScope, now = new Date()): Promise<ReconciliationRunRecord> {
    return withTenant(dataSource, scope, async (manager) => {
      const rows: ItemRow[] = await manager.query(COMPARE, [scope.tenantId, scope.livemode]);
      const runId = uuidv7();
      const matched = rows.filter((row) => row.outcome === 'matched').length;
      const finishedAt = new Date();
      await manager.query(
        `INSERT INTO treasury.reconciliation_runs (id, tenant_id, livemode, started_at, finished_at, matched, mismatched) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [runId, scope.tenantId, scope.livemode, now, finishedAt, matched, rows.length - matched],
      );
      if (rows.length > 0) {
        await manager.query(
          `INSERT INTO treasury.reconciliation_items (id, run_id, tenant_id, livemode, rail, transfer_id, outcome, ledger_amount_minor, rail_amount_minor, currency)
           SELECT gen_random_uuid(), $1, $2, $3, i.rail, i.transfer_id, i.outcome, i.ledger_amount, i.rail_amount, i.currency
             FROM unnest($4::text[], $5::uuid[], $6::text[], $7::numeric[], $8::numeric[], $9::text[])
               AS i (rail, transfer_id, outcome, ledger_amount, rail_amount, currency)`,
          [runId, scope.tenantId, scope.livemode, rows.map((r) => r.rail), rows.map((r) => r.transfer_id), rows.map((r) => r.outcome),
            rows.map((r) => r.ledger_amount), rows.map((r) => r.rail_amount), rows.map((r) => r.currency)],
        );
      }
      return { id: runId, startedAt: now, finishedAt, matched, mismatched: rows.length - matched, items: rows.map(itemFromRow) };
    });
  }

  return {
    runFor,

    run(request: RequestContext): Promise<ReconciliationRunRecord> {
      return runFor(tenantScope(request));
    },

    /** Every tenant and mode with rail activity (read as the system role), reconciled one by one. */
    async runAll(systemPool: Pool): Promise<number> {
      const { rows } = await systemPool.query<{ tenant_id: string; livemode: boolean }>(
        'SELECT DISTINCT tenant_id, livemode FROM treasury.rail_simulator_payouts LIMIT 1000',
      );
      for (const row of rows) await runFor({ tenantId: row.tenant_id, livemode: row.livemode });
      return rows.length;
    },

    async list(request: RequestContext, first: number): Promise<ReconciliationRunRecord[]> {
      const scope = tenantScope(request);
      const limit = Math.max(1, Math.min(first, RUNS_MAX));
      const runs = await readForTenant<{ id: string; started_at: Date; finished_at: Date; matched: number; mismatched: number }>(
        dataSource,
        scope,
        'SELECT id, started_at, finished_at, matched, mismatched FROM treasury.reconciliation_runs WHERE tenant_id = $1 AND livemode = $2 ORDER BY id DESC LIMIT $3',
        [scope.tenantId, scope.livemode, limit],
      );
      if (runs.length === 0) return [];
      const items = await readForTenant<ItemRow & { run_id: string }>(
        dataSource,
        scope,
        `SELECT run_id, rail, transfer_id, outcome, ledger_amount_minor::text AS ledger_amount, rail_amount_minor::text AS rail_amount, currency
           FROM treasury.reconciliation_items WHERE tenant_id = $1 AND livemode = $2 AND run_id = ANY($3::uuid[]) ORDER BY id`,
        [scope.tenantId, scope.livemode, runs.map((run) => run.id)],
      );
      return runs.map((run) => ({
        id: run.id,
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        matched: run.matched,
        mismatched: run.mismatched,
        items: items.filter((item) => item.run_id === run.id).map(itemFromRow),
      }));
    },
  };
}
