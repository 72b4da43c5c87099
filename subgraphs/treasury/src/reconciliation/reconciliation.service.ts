import type { DataSource, EntityManager } from 'typeorm';
import type { Pool } from 'pg';
import type { RequestContext } from '@orquesta/context';
import { tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { systemPostings } from '@orquesta/ledger';
import type { PayoutsInFlight } from '../liquidity/payouts-in-flight.port';
import { simulatedStatement, tenantsWithSimulatedPayouts } from '../rails/rail-simulator';

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
export function createReconciliationService({ dataSource, payouts }: { dataSource: DataSource; payouts: PayoutsInFlight }) {
  /**
   * Both sides of every final payout: the rail's statement (its succeeded payouts) and the
   * ledger's settlement postings to the rail's account, matched by rail and transfer. Payouts
   * still in flight are left out: their ledger side is not due yet.
   */
  async function compare(manager: EntityManager, scope: TenantScope): Promise<ItemRow[]> {
    const statement = await simulatedStatement(manager, scope, ITEMS_PER_RUN_MAX);
    const flying = await payouts.inFlight(manager, scope, statement.map((line) => line.transferId));
    const postings = await systemPostings(manager, scope, { transferCode: 'payout_settlement', accountCode: 'rail_settlement', limit: ITEMS_PER_RUN_MAX });
    const rows = new Map<string, ItemRow>();
    for (const line of statement) {
      if (flying.has(line.transferId)) continue;
      rows.set(`${line.rail} ${line.transferId}`, { rail: line.rail, transfer_id: line.transferId, ledger_amount: null, rail_amount: line.amountMinor.toString(), currency: line.currency, outcome: 'missing_in_ledger' });
    }
    for (const posting of postings) {
      const key = `${posting.qualifier} ${posting.reference}`;
      const rail = rows.get(key);
      const ledgerAmount = posting.amountMinor.toString();
      if (!rail) {
        rows.set(key, { rail: posting.qualifier, transfer_id: posting.reference, ledger_amount: ledgerAmount, rail_amount: null, currency: posting.currency, outcome: 'missing_at_rail' });
        continue;
      }
      const matches = rail.rail_amount === ledgerAmount && rail.currency === posting.currency;
      rows.set(key, { ...rail, ledger_amount: ledgerAmount, outcome: matches ? 'matched' : 'amount_mismatch' });
    }
    return [...rows.values()].sort((a, b) => (a.transfer_id < b.transfer_id ? -1 : a.transfer_id > b.transfer_id ? 1 : 0)).slice(0, ITEMS_PER_RUN_MAX);
  }

  async function runFor(scope: TenantScope, now = new Date()): Promise<ReconciliationRunRecord> {
    return withTenant(dataSource, scope, async (manager) => {
      const rows = await compare(manager, scope);
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
      const scopes = await tenantsWithSimulatedPayouts(systemPool, 1000);
      for (const scope of scopes) await runFor(scope);
      return scopes.length;
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
