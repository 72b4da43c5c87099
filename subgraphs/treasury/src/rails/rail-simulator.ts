import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { uuidv7, withTenant, type TenantScope } from '@orquesta/db';
import { findRail, railFeeMinor, type RailDefinition } from './rail.catalogue';
import { RailError, RAIL_SIGNATURE_HEADER, signRailCallback, verifyRailCallback, type RailPayout, type RailPayoutRequest, type RailPayoutStatus, type RailProvider, type RailRegistry } from './rail-provider';

// The simulated providers every deployment runs until real ones are connected: one
// RailProvider per catalogued rail, with its books in treasury's own table.

const LATE_CALLBACK_MS = 3_000;
/**
 * How a simulated payout behaves, scripted by a marker in its description for tests:
 * `[sim:spei_stp=hard,spei_arcus=soft]` (`*` names every rail). Outcomes per rail:
 *   ok      accepted, succeeds after the latency (the default)
 *   soft    the first call fails with a retryable RAIL_TIMEOUT, the next is accepted
 *   soft*   every call fails with a retryable RAIL_UNAVAILABLE
 *   hard    refused at once with ACCOUNT_NOT_FOUND (not retryable)
 *   fail    accepted, then fails with BENEFICIARY_REJECTED
 *   dup     succeeds, and the callback is sent twice
 *   late    succeeds, and a second callback arrives seconds later
 *   slow    succeeds after 1.5 s
 */
export type SimulatedOutcome = 'ok' | 'soft' | 'soft*' | 'hard' | 'fail' | 'dup' | 'late' | 'slow';

export function scriptedOutcome(description: string | null, rail: string): SimulatedOutcome | null {
  const marker = /\[sim:([^\]]*)\]/.exec(description ?? '');
  if (!marker) return null;
  for (const part of marker[1].split(',')) {
    const [name, outcome] = part.split('=').map((piece) => piece.trim());
    if ((name === rail || name === '*') && outcome) return outcome as SimulatedOutcome;
  }
  return null;
}

export interface SimulatorOptions {
  readonly dataSource: DataSource;
  /** Shared secret the simulated providers sign callbacks with (a per-rail key is derived from it). */
  readonly callbackSecret: string;
  /** Where callbacks go (the gateway's /callbacks/rails); null: the platform polls. */
  readonly callbackUrl: () => string | null;
  /** Time from acceptance to the final answer (default 300 ms). */
  readonly latencyMs?: number;
  /** Unscripted payouts fail at this rate (half soft, half after acceptance), and get duplicate or late callbacks at it too (default 0: deterministic). */
  readonly randomFailureRate?: number;
}

interface SimulatorRow {
  id: string;
  rail: string;
  reference: string;
  final_status: RailPayoutStatus;
  status: RailPayoutStatus;
  failure_code: string | null;
  amount_minor: string;
  currency: string;
}

const SIM_COLUMNS = `id, rail, reference, final_status, failure_code, amount_minor::text, currency,
  CASE WHEN final_status = 'cancelled' OR now() >= complete_at THEN final_status ELSE 'processing' END AS status`;

function fromRow(row: SimulatorRow, created: boolean): RailPayout {
  return {
    railPayoutId: row.id,
    rail: row.rail,
    reference: row.reference,
    status: row.status,
    failureCode: row.status === 'failed' ? row.failure_code : null,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    created,
  };
}

/**
 * A simulated provider. Its books live in `treasury.rail_simulator_payouts`, so they survive a
 * crash of whoever called it: a second create with the same reference returns the payout
 * already there, which is what makes "exactly one payout at the rail" checkable.
 */
export function createSimulatedRail(definition: RailDefinition, options: SimulatorOptions): RailProvider {
  const latencyMs = options.latencyMs ?? 300;

  function sendCallback(scope: TenantScope, request: RailPayoutRequest, status: RailPayoutStatus, afterMs: number): void {
    const url = options.callbackUrl();
    if (!url) return;
    const body = JSON.stringify({
      rail: definition.code,
      reference: request.reference,
      transferId: request.transferId,
      tenantId: scope.tenantId,
      livemode: scope.livemode,
      status,
    });
    setTimeout(() => {
      fetch(`${url}/${definition.code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [RAIL_SIGNATURE_HEADER]: signRailCallback(options.callbackSecret, definition.code, body) },
        body,
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
    }, afterMs).unref();
  }

  function plannedOutcome(request: RailPayoutRequest): SimulatedOutcome {
    // Scripts describe the automatic route (round 0, see the settlement worker's references);
    // a retry an admin asked for behaves like an unscripted payout.
    const scripted = request.reference.endsWith(':0') ? scriptedOutcome(request.description, definition.code) : null;
    if (scripted) return scripted;
    const rate = options.randomFailureRate ?? 0;
    // Like a real provider on a bad day: some soft refusals, some failures after acceptance,
    // and as many payouts again whose callback comes twice or late.
    const draw = Math.random();
    if (draw < rate / 2) return 'soft';
    if (draw < rate) return 'fail';
    if (draw < rate * 1.5) return 'dup';
    if (draw < rate * 2) return 'late';
    return 'ok';
  }

  return {
    definition,

    quote(amountMinor) {
      return { rail: definition.code, feeMinor: railFeeMinor(definition, amountMinor), currency: definition.currency, settlementSeconds: definition.settlementSeconds };
    },

    async createPayout(scope, request) {
      if (request.currency !== definition.currency) throw new RailError('UNSUPPORTED_CURRENCY', false);
      const outcome = plannedOutcome(request);
      // Idempotency by reference comes first: a retry of an accepted payout is never refused.
      const existing = await this.status(scope, request.reference);
      if (existing) return existing;
      if (outcome === 'soft' && request.attempt <= 1) throw new RailError('RAIL_TIMEOUT', true);
      if (outcome === 'soft*') throw new RailError('RAIL_UNAVAILABLE', true);
      if (outcome === 'hard') throw new RailError('ACCOUNT_NOT_FOUND', false);
      if (request.amountMinor < definition.minAmountMinor || request.amountMinor > definition.maxAmountMinor) throw new RailError('AMOUNT_OUT_OF_RANGE', false);
      const finalStatus: RailPayoutStatus = outcome === 'fail' ? 'failed' : 'succeeded';
      const completeAfterMs = outcome === 'slow' ? 1_500 : latencyMs;
      const rows = await withTenant(options.dataSource, scope, (manager) =>
        manager.query(
          `WITH inserted AS (
             INSERT INTO treasury.rail_simulator_payouts (id, tenant_id, livemode, rail, reference, transfer_id, amount_minor, currency, destination,
               final_status, failure_code, complete_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + make_interval(secs => $12::double precision / 1000))
             ON CONFLICT (tenant_id, livemode, rail, reference) DO NOTHING
             RETURNING ${SIM_COLUMNS}, true AS created)
           SELECT * FROM inserted
           UNION ALL
           SELECT ${SIM_COLUMNS}, false AS created FROM treasury.rail_simulator_payouts
            WHERE tenant_id = $2 AND livemode = $3 AND rail = $4 AND reference = $5 AND NOT EXISTS (SELECT 1 FROM inserted)`,
          [uuidv7(), scope.tenantId, scope.livemode, definition.code, request.reference, request.transferId, request.amountMinor.toString(),
            request.currency, JSON.stringify(request.destination), finalStatus, finalStatus === 'failed' ? 'BENEFICIARY_REJECTED' : null, completeAfterMs],
        ),
      );
      const row = rows[0] as SimulatorRow & { created: boolean };
      if (row.created) {
        sendCallback(scope, request, finalStatus, completeAfterMs + 50);
        if (outcome === 'dup') sendCallback(scope, request, finalStatus, completeAfterMs + 60);
        if (outcome === 'late') sendCallback(scope, request, finalStatus, completeAfterMs + LATE_CALLBACK_MS);
      }
      return fromRow(row, row.created);
    },

    async status(scope, reference) {
      const rows: SimulatorRow[] = await withTenant(options.dataSource, scope, (manager) =>
        manager.query(`SELECT ${SIM_COLUMNS} FROM treasury.rail_simulator_payouts WHERE tenant_id = $1 AND livemode = $2 AND rail = $3 AND reference = $4`, [
          scope.tenantId,
          scope.livemode,
          definition.code,
          reference,
        ]),
      );
      return rows[0] ? fromRow(rows[0], false) : null;
    },

    async cancel(scope, reference) {
      const rows: SimulatorRow[] = await withTenant(options.dataSource, scope, (manager) =>
        manager.query(
          `WITH cancelled AS (
             UPDATE treasury.rail_simulator_payouts SET final_status = 'cancelled'
              WHERE tenant_id = $1 AND livemode = $2 AND rail = $3 AND reference = $4 AND now() < complete_at
             RETURNING *)
           SELECT ${SIM_COLUMNS} FROM cancelled`,
          [scope.tenantId, scope.livemode, definition.code, reference],
        ),
      );
      return rows[0] ? fromRow(rows[0], false) : this.status(scope, reference);
    },

    verifyCallback(headers, rawBody, now = new Date()) {
      return verifyRailCallback(options.callbackSecret, definition.code, headers, rawBody, now);
    },
  };
}

/** Every catalogued rail, simulated. */
export function createSimulatedRails(codes: readonly string[], options: SimulatorOptions): RailRegistry {
  const registry = new Map<string, RailProvider>();
  for (const code of codes) {
    const definition = findRail(code);
    if (!definition) throw new Error(`unknown rail ${code}`);
    registry.set(code, createSimulatedRail(definition, options));
  }
  return registry;
}


/** One line of a rail's statement: a payout the rail says it paid. */
export interface RailStatementLine {
  readonly rail: string;
  readonly transferId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** The simulated rails' statement for a tenant: every payout they completed successfully, by transfer. */
export async function simulatedStatement(manager: EntityManager, scope: TenantScope, limit: number): Promise<RailStatementLine[]> {
  const rows: Array<{ rail: string; transfer_id: string; amount_minor: string; currency: string }> = await manager.query(
    `SELECT rail, transfer_id, amount_minor::text AS amount_minor, currency FROM treasury.rail_simulator_payouts
      WHERE tenant_id = $1 AND livemode = $2 AND final_status = 'succeeded' AND complete_at <= now()
      ORDER BY transfer_id LIMIT $3`,
    [scope.tenantId, scope.livemode, limit],
  );
  return rows.map((row) => ({ rail: row.rail, transferId: row.transfer_id, amountMinor: BigInt(row.amount_minor), currency: row.currency }));
}

/** Every tenant and mode the simulated rails have paid for (read as the system role), at most `limit`. */
export async function tenantsWithSimulatedPayouts(systemPool: Pool, limit: number): Promise<TenantScope[]> {
  const { rows } = await systemPool.query<{ tenant_id: string; livemode: boolean }>('SELECT DISTINCT tenant_id, livemode FROM treasury.rail_simulator_payouts LIMIT $1', [limit]);
  return rows.map((row) => ({ tenantId: row.tenant_id, livemode: row.livemode }));
}
