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
import { EventResolver } from './events/event.resolver';
import { createEventService } from './events/event.service';
import { CreateWebhooks1732300000100 } from './migrations/1732300000100-create-webhooks';
import { loadWebhookConfig } from './webhooks/webhook.config';
import { WebhookAttemptEntity, WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhooks/webhook-endpoint.entity';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhooks/webhook-endpoint.resolver';
import { createWebhookEndpointService } from './webhooks/webhook-endpoint.service';

export const ACCOUNTS_SCHEMA = 'accounts';
export const accountsEntities = [TenantEntity, AccountEntity, ApiKeyEntity, WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
export const accountsMigrations = [CreateAccounts1732300000001, CreateWebhooks1732300000100];

export function createAccountsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: ACCOUNTS_SCHEMA, url, entities: accountsEntities, migrations: accountsMigrations, poolSize });
}

export function buildAccountsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [AccountResolver, AccountBalancesResolver, StatementResolver, EventResolver, WebhookEndpointResolver, WebhookDeliveryResolver] },
    {
      Account: {
        __resolveReference: (reference: { id: string }, ctx: AccountsContext) => ctx.loaders.account.load(reference.id),
      },
    },
  );
}

/** The accounts subgraph over an app-role data source. */
export async function defineAccountsSubgraph(dataSource: DataSource, env: NodeJS.ProcessEnv = process.env): Promise<SubgraphDefinition<AccountsContext>> {
  const services: AccountsServices = {
    accounts: createAccountService({ dataSource }),
    balances: createBalanceService({ dataSource, ledger: createLedger() }),
    events: createEventService({ dataSource }),
    webhooks: createWebhookEndpointService({ dataSource, config: loadWebhookConfig(env) }),
  };
  return {
    name: 'accounts',
    schema: await buildAccountsSchema(),
    createContext: (request) => createAccountsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
