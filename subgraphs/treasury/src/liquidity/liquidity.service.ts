import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { tenantScope } from '@orquesta/context';
import type { TenantScope } from '@orquesta/db';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { checkPositiveAmount, systemAccount, systemAccountsOf, type LedgerAccountRef, type MoneyPath } from '@orquesta/ledger';
import { RAILS, findRail } from '../rails/rail.catalogue';
import type { PayoutsInFlight } from './payouts-in-flight.port';

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

export function createLiquidityService({ dataSource, moveMoney, payouts }: { dataSource: DataSource; moveMoney: MoneyPath; payouts: PayoutsInFlight }) {
  async function overview(request: RequestContext): Promise<TreasuryOverviewRecord> {
    const scope = tenantScope(request);
    const [accounts, flying] = await Promise.all([
      systemAccountsOf(dataSource, scope, 'rail_settlement', RAILS.map((rail) => rail.code)),
      payouts.byRail(dataSource, scope),
    ]);
    // Every float the ledger knows and every rail carrying payouts, by currency then rail.
    const floats = new Map<string, { rail: string; currency: string; balanceMinor: bigint; inFlightMinor: bigint }>();
    const at = (rail: string, currency: string) => {
      const key = `${currency}\u0000${rail}`;
      if (!floats.has(key)) floats.set(key, { rail, currency, balanceMinor: 0n, inFlightMinor: 0n });
      return floats.get(key)!;
    };
    for (const account of accounts) at(account.qualifier, account.currency).balanceMinor = account.debitsPostedMinor - account.creditsPostedMinor;
    for (const carried of flying) at(carried.rail, carried.currency).inFlightMinor += carried.amountMinor;
    return {
      floats: [...floats.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, float]) => ({ ...float, low: isLow(float.balanceMinor, float.inFlightMinor) })),
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
      const moved = await moveMoney<null>({
        scope,
        actor: request.actor,
        operation: 'rebalanceLiquidity',
        idempotencyKey: input.idempotencyKey,
        parameters: { from: input.fromRail, to: input.toRail, amountMinor, currency },
        plan: (_tx, { resourceId }) =>
          ok({
            // A float is an asset: money arriving at a provider debits its account.
            operations: [{ kind: 'transfer', debit: railFloatAccount(scope, to.code, currency), credit: source, amountMinor, code: 'liquidity_rebalance', reference: resourceId }],
            within: () => ok(null),
          }),
        // The answer is the overview as it is now, whether this call moved the money or an earlier one did.
        replay: async () => ok(null),
      });
      if (!moved.ok) return moved;
      return ok(await overview(request));
    },
  };
}
