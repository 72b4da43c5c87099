import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createCurrencyService } from './currencies/currency.service';
import { createFxRateService } from './fx-rates/fx-rate.service';
import { CreateTreasury1732300000003 } from './migrations/1732300000003-create-treasury';
import type { TreasuryContext } from './treasury.context';
import { TreasuryResolver } from './treasury.resolver';

export const TREASURY_SCHEMA = 'treasury';
export const treasuryMigrations = [CreateTreasury1732300000003];

export function createTreasuryDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: TREASURY_SCHEMA, url, entities: [], migrations: treasuryMigrations, poolSize });
}

export function buildTreasurySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [TreasuryResolver] },
    {
      Currency: {
        __resolveReference: (reference: { code: string }, ctx: TreasuryContext) =>
          ctx.services.currencies.list().then((all) => all.find((currency) => currency.code === reference.code) ?? null),
      },
    },
  );
}

export async function defineTreasurySubgraph(dataSource: DataSource): Promise<SubgraphDefinition<TreasuryContext>> {
  const services = { currencies: createCurrencyService({ dataSource }), fxRates: createFxRateService({ dataSource }) };
  return {
    name: 'treasury',
    schema: await buildTreasurySchema(),
    createContext: (request) => ({ request, services }),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
