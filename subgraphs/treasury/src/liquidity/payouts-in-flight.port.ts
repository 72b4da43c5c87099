import type { DataSource, EntityManager } from 'typeorm';
import type { TenantScope } from '@orquesta/db';

/** What a rail is carrying right now: payouts handed to it and not yet final, in its currency. */
export interface RailInFlight {
  readonly rail: string;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/**
 * What treasury needs to know about payouts. Payments owns payouts and depends on treasury,
 * so treasury never imports payments: payments implements this interface and the platform
 * host hands it in. Each read takes a data source (one scoped round trip) or the caller's
 * transaction.
 */
export interface PayoutsInFlight {
  /** Per rail and currency, what payouts in flight at the rail add up to. */
  byRail(source: DataSource | EntityManager, scope: TenantScope): Promise<RailInFlight[]>;
  /** Which of these transfers are payouts still in flight at their rail (their ledger side is not due yet). */
  inFlight(source: DataSource | EntityManager, scope: TenantScope, transferIds: readonly string[]): Promise<Set<string>>;
}
