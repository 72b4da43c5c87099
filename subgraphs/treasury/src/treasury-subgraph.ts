import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createLedger, createMoneyPath } from '@orquesta/ledger';
import { createCurrencyService } from './currencies/currency.service';
import { createFxRateService } from './fx-rates/fx-rate.service';
import { createLiquidityService } from './liquidity/liquidity.service';
import type { PayoutsInFlight } from './liquidity/payouts-in-flight.port';
import { CreateTreasury1732300000003 } from './migrations/1732300000003-create-treasury';
import { PayoutRails1732300000020 } from './migrations/1732300000020-payout-rails';
import { AuditTreasury1732300000204 } from './migrations/1732300000204-audit-treasury';
import { RailResolver } from './rails/rail.resolver';
import { createReconciliationService } from './reconciliation/reconciliation.service';
import { createRoutingService } from './routing/routing.service';
import type { TreasuryContext, TreasuryServices } from './treasury.context';
import { TreasuryResolver } from './treasury.resolver';

export const TREASURY_SCHEMA = 'treasury';
export const treasuryMigrations = [CreateTreasury1732300000003, PayoutRails1732300000020, AuditTreasury1732300000204];

export function createTreasuryDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: TREASURY_SCHEMA, url, entities: [], migrations: treasuryMigrations, poolSize });
}

export function buildTreasurySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [TreasuryResolver, RailResolver] },
    {
      Currency: {
        __resolveReference: (reference: { code: string }, ctx: TreasuryContext) =>
          ctx.services.currencies.list().then((all) => all.find((currency) => currency.code === reference.code) ?? null),
      },
    },
  );
}

export async function defineTreasurySubgraph(dataSource: DataSource, deps: { payouts: PayoutsInFlight }): Promise<SubgraphDefinition<TreasuryContext>> {
  const { payouts } = deps;
  const services: TreasuryServices = {
    dataSource,
    currencies: createCurrencyService({ dataSource }),
    fxRates: createFxRateService({ dataSource }),
    routing: createRoutingService({ dataSource }),
    liquidity: createLiquidityService({ dataSource, moveMoney: createMoneyPath({ dataSource, ledger: createLedger() }), payouts }),
    reconciliation: createReconciliationService({ dataSource, payouts }),
  };
  return {
    name: 'treasury',
    schema: await buildTreasurySchema(),
    createContext: (request) => ({ request, services }),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
