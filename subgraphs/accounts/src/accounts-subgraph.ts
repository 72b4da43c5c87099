import type { AgentDirectory } from './identity/agent-directory.port';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { loadConfig } from '@orquesta/context';
import { batchingStream, createPool, createSubgraphDataSource, databaseUrls } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createLedger, createMoneyPath } from '@orquesta/ledger';
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
import { CreateIdentity1732300000200 } from './migrations/1732300000200-create-identity';
import { WebhookFanOutPosition1732300000300 } from './migrations/1732300000300-webhook-fan-out-position';
import { createAuditService } from './identity/audit.service';
import { createAuthThrottle } from './identity/auth-throttle';
import { StatementPdfResolver } from './statements/statement.resolver';
import { createStatementService } from './statements/statement.service';
import { createCredentialService } from './identity/credential.service';
import { jwtSecret } from './identity/credentials';
import { IdentityResolver } from './identity/identity.resolver';
import { createSessionService } from './identity/session.service';
import { createTeamService } from './identity/team.service';

export const ACCOUNTS_SCHEMA = 'accounts';
export const accountsEntities = [TenantEntity, AccountEntity, ApiKeyEntity, WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
export const accountsMigrations = [CreateAccounts1732300000001, CreateWebhooks1732300000100, CreateIdentity1732300000200, WebhookFanOutPosition1732300000300];

export function createAccountsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: ACCOUNTS_SCHEMA, url, entities: accountsEntities, migrations: accountsMigrations, poolSize });
}

export function buildAccountsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [AccountResolver, AccountBalancesResolver, StatementResolver, StatementPdfResolver, EventResolver, WebhookEndpointResolver, WebhookDeliveryResolver, IdentityResolver] },
    {
      Account: {
        __resolveReference: (reference: { id: string }, ctx: AccountsContext) => ctx.loaders.account.load(reference.id),
      },
    },
  );
}

/** The accounts subgraph over an app-role data source. */
export async function defineAccountsSubgraph(dataSource: DataSource, env: NodeJS.ProcessEnv, deps: { agents: AgentDirectory }): Promise<SubgraphDefinition<AccountsContext>> {
  const config = loadConfig(env);
  // Sign-in runs before any tenant is known, so it reads users and tokens on the system role.
  const system = createPool({ connectionString: databaseUrls(config.databaseUrl, env).system, max: 4, applicationName: 'orquesta-accounts-identity', stream: batchingStream });
  const redis = new Redis(config.redisUrl, { connectionName: `orquesta-accounts-throttle-${process.pid}`, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const sessions = createSessionService({ dataSource, system, throttle: createAuthThrottle(redis, config.redisPrefix), jwtSecret: jwtSecret(env, config.contextSecret) });
  const balances = createBalanceService({ dataSource, moveMoney: createMoneyPath({ dataSource, ledger: createLedger() }) });
  const services: AccountsServices = {
    sessions,
    team: createTeamService({ dataSource, system, sessions }),
    credentials: createCredentialService({ dataSource, system, agents: deps.agents }),
    audit: createAuditService({ dataSource }),
    accounts: createAccountService({ dataSource }),
    balances,
    statements: createStatementService({ balances }),
    events: createEventService({ dataSource }),
    webhooks: createWebhookEndpointService({ dataSource, config: loadWebhookConfig(env) }),
  };
  return {
    name: 'accounts',
    schema: await buildAccountsSchema(),
    createContext: (request) => createAccountsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
    close: async () => {
      await system.end();
      redis.disconnect();
    },
  };
}
