import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createLedger } from '@orquesta/ledger';
import { createAccountsContext, type AccountsContext, type AccountsServices } from './accounts.context';
import { AccountEntity } from './accounts/account.entity';
import { AccountResolver } from './accounts/account.resolver';
import { AccountBalancesResolver, StatementResolver } from './balances/balance.resolver';
import { createBalanceService } from './balances/balance.service';
import { createAccountService } from './accounts/account.service';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { CreateAccounts1732300000001 } from './migrations/1732300000001-create-accounts';
import { TenantEntity } from './tenants/tenant.entity';

export const ACCOUNTS_SCHEMA = 'accounts';
export const accountsEntities = [TenantEntity, AccountEntity, ApiKeyEntity];
export const accountsMigrations = [CreateAccounts1732300000001];

export function createAccountsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: ACCOUNTS_SCHEMA, url, entities: accountsEntities, migrations: accountsMigrations, poolSize });
}

export function buildAccountsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [AccountResolver, AccountBalancesResolver, StatementResolver] },
    {
      Account: {
        __resolveReference: (reference: { id: string }, ctx: AccountsContext) => ctx.loaders.account.load(reference.id),
      },
    },
  );
}

/** The accounts subgraph over an app-role data source. */
export async function defineAccountsSubgraph(dataSource: DataSource): Promise<SubgraphDefinition<AccountsContext>> {
  const services: AccountsServices = {
    accounts: createAccountService({ dataSource }),
    balances: createBalanceService({ dataSource, ledger: createLedger() }),
  };
  return {
    name: 'accounts',
    schema: await buildAccountsSchema(),
    createContext: (request) => createAccountsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
