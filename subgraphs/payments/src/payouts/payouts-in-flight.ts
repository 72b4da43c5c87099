import { DataSource, type EntityManager } from 'typeorm';
import { readForTenant, type TenantScope } from '@orquesta/db';
import type { PayoutsInFlight, RailInFlight } from '@orquesta/treasury';
import { IN_FLIGHT_STAGES } from './payout.lifecycle';

function read<Row>(source: DataSource | EntityManager, scope: TenantScope, sql: string, params: readonly unknown[]): Promise<Row[]> {
  return source instanceof DataSource ? readForTenant<Row>(source, scope, sql, params) : source.query(sql, params as unknown[]);
}

/** Payments' answer to treasury's `PayoutsInFlight`: payouts handed to a rail and not yet final. */
export const payoutsInFlight: PayoutsInFlight = {
  async byRail(source, scope): Promise<RailInFlight[]> {
    const rows = await read<{ rail: string; currency: string; amount: string }>(
      source,
      scope,
      `SELECT rail, target_currency AS currency, sum(target_amount_minor)::text AS amount FROM payments.payouts
        WHERE tenant_id = $1 AND livemode = $2 AND stage = ANY($3::text[]) GROUP BY rail, target_currency`,
      [scope.tenantId, scope.livemode, IN_FLIGHT_STAGES],
    );
    return rows.map((row) => ({ rail: row.rail, currency: row.currency, amountMinor: BigInt(row.amount) }));
  },

  async inFlight(source, scope, transferIds): Promise<Set<string>> {
    if (transferIds.length === 0) return new Set();
    const rows = await read<{ transfer_id: string }>(
      source,
      scope,
      'SELECT transfer_id FROM payments.payouts WHERE tenant_id = $1 AND livemode = $2 AND transfer_id = ANY($3::uuid[]) AND stage = ANY($4::text[])',
      [scope.tenantId, scope.livemode, transferIds, IN_FLIGHT_STAGES],
    );
    return new Set(rows.map((row) => row.transfer_id));
  },
};
