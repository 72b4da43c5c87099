import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7, type TenantScope } from '@orquesta/db';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { checkIdempotencyKey, checkPositiveAmount, fingerprint, systemAccount, withTenantResult, type Ledger, type LedgerAccountRef } from '@orquesta/ledger';
import { RAILS, findRail } from '../rails/rail.catalogue';

/** A rail's float: the platform's pooled money at that provider, in one currency. */
export interface RailFloat {
  readonly rail: string;
  readonly currency: string;
  /** Prefunded less paid out: debits less credits of the rail's settlement account. */
  readonly balanceMinor: bigint;
  /** Payouts sent to the rail and not yet final. */
  readonly inFlightMinor: bigint;
  readonly low: boolean;
}

export interface TreasuryOverviewRecord {
  readonly floats: readonly RailFloat[];
  readonly asOf: Date;
}

/** The house account a float is funded from when a rebalance names no source rail. */
export const TREASURY_SOURCE = 'treasury';

/** A float's ledger account: the rail's settlement account in its currency (money at the provider). */
export function railFloatAccount(scope: TenantScope, rail: string, currency: string): LedgerAccountRef {
  return systemAccount(scope, 'rail_settlement', currency, rail);
}

export function houseAccount(scope: TenantScope, currency: string): LedgerAccountRef {
  return systemAccount(scope, 'clearing', currency, TREASURY_SOURCE);
}

/** A float is low when what it holds does not cover what is in flight on it. */
export function isLow(balanceMinor: bigint, inFlightMinor: bigint): boolean {
  return balanceMinor < inFlightMinor;
}

export interface NewRebalance {
  readonly fromRail: string;
  readonly toRail: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly idempotencyKey: string;
}

export type LiquidityService = ReturnType<typeof createLiquidityService>;

export function createLiquidityService({ dataSource, ledger }: { dataSource: DataSource; ledger: Ledger }) {
  async function overview(request: RequestContext): Promise<TreasuryOverviewRecord> {
    const scope = tenantScope(request);
    const rows = await readForTenant<{ rail: string; currency: string; balance: string; in_flight: string }>(
      dataSource,
      scope,
      `WITH floats AS (
         SELECT qualifier AS rail, currency, debits_posted - credits_posted AS balance FROM ledger.accounts
          WHERE tenant_id = $1 AND livemode = $2 AND code = 'rail_settlement' AND qualifier = ANY($3::text[])),
       flying AS (
         SELECT rail, target_currency AS currency, sum(target_amount_minor) AS in_flight FROM payments.payouts
          WHERE tenant_id = $1 AND livemode = $2 AND stage IN ('sending', 'sent') GROUP BY rail, target_currency)
       SELECT coalesce(f.rail, x.rail) AS rail, coalesce(f.currency, x.currency) AS currency,
              coalesce(f.balance, 0)::text AS balance, coalesce(x.in_flight, 0)::text AS in_flight
         FROM floats f FULL JOIN flying x ON x.rail = f.rail AND x.currency = f.currency
        ORDER BY 2, 1`,
      [scope.tenantId, scope.livemode, RAILS.map((rail) => rail.code)],
    );
    return {
      floats: rows.map((row) => {
        const balanceMinor = BigInt(row.balance);
        const inFlightMinor = BigInt(row.in_flight);
        return { rail: row.rail, currency: row.currency, balanceMinor, inFlightMinor, low: isLow(balanceMinor, inFlightMinor) };
      }),
      asOf: new Date(),
    };
  }

  return {
    overview,

    /**
     * Moves money between two floats of one currency (or from the house account, `treasury`,
     * into a float) as one balanced ledger transfer.
     */
    async rebalance(request: RequestContext, input: NewRebalance): Promise<Result<TreasuryOverviewRecord>> {
      const amount = checkPositiveAmount('input.amount', input.amount);
      if (!amount.ok) return amount;
      const key = checkIdempotencyKey('input.idempotencyKey', input.idempotencyKey);
      if (!key.ok) return key;
      const { amountMinor, currency } = amount.value;
      const to = findRail(input.toRail);
      if (!to) return badInput('input.toRail', 'is not a rail');
      if (to.currency !== currency) return badInput('input.amount.currency', `${to.code} holds ${to.currency}`);
      if (input.fromRail === input.toRail) return badInput('input.toRail', 'must differ from fromRail');
      const scope = tenantScope(request);
      let source: LedgerAccountRef;
      if (input.fromRail === TREASURY_SOURCE) {
        source = houseAccount(scope, currency);
      } else {
        const from = findRail(input.fromRail);
        if (!from) return badInput('input.fromRail', `is not a rail (or "${TREASURY_SOURCE}")`);
        if (from.currency !== currency) return badInput('input.fromRail', `${from.code} holds ${from.currency}, not ${currency}`);
        source = railFloatAccount(scope, from.code, currency);
      }
      const rebalanceId = uuidv7();
      const moved = await withTenantResult(dataSource, scope, (manager) =>
        ledger.execute(
          manager,
          scope,
          // A float is an asset: money arriving at a provider debits its account.
          [{ kind: 'transfer', debit: railFloatAccount(scope, to.code, currency), credit: source, amountMinor, code: 'liquidity_rebalance', reference: rebalanceId }],
          {
            actor: request.actor,
            idempotency: {
              key: key.value,
              operation: 'rebalanceLiquidity',
              fingerprint: fingerprint({ from: input.fromRail, to: input.toRail, amountMinor, currency }),
              resourceId: rebalanceId,
            },
          },
        ),
      );
      if (!moved.ok) return moved;
      return ok(await overview(request));
    },
  };
}
