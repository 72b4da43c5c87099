import type { StatementService } from './statements/statement.service';
import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createChildPageLoader, type ChildPageKey, type Connection } from '@orquesta/graphql';
import type { BalanceMinor } from '@orquesta/ledger';
import type { AccountEntity } from './accounts/account.entity';
import type { AccountService } from './accounts/account.service';
import { toLedgerEntry } from './balances/balance.record';
import type { BalanceService, EntryRow } from './balances/balance.service';
import type { LedgerEntry } from './balances/balance.type';
import type { EventService, EventView } from './events/event.service';
import type { WebhookAttemptEntity, WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import type { WebhookEndpointService, WebhookEndpointView } from './webhooks/webhook-endpoint.service';
import type { AuditService } from './identity/audit.service';
import type { CredentialService } from './identity/credential.service';
import type { SessionService } from './identity/session.service';
import type { TeamService } from './identity/team.service';

export interface AccountsServices {
  readonly accounts: AccountService;
  readonly balances: BalanceService;
  readonly statements: StatementService;
  readonly events: EventService;
  readonly webhooks: WebhookEndpointService;
  readonly sessions: SessionService;
  readonly team: TeamService;
  readonly credentials: CredentialService;
  readonly audit: AuditService;
}

type EntryPageLoader = DataLoader<ChildPageKey, Connection<LedgerEntry>, string>;

/** What every accounts resolver gets: the verified request, the services, per-request loaders. */
export interface AccountsContext {
  readonly request: RequestContext;
  readonly services: AccountsServices;
  readonly loaders: {
    readonly account: DataLoader<string, AccountEntity | null>;
    readonly balances: DataLoader<string, BalanceMinor[]>;
    /** One loader per currency filter (null: every currency). */
    entriesByAccount(currency: string | null): EntryPageLoader;
    readonly event: DataLoader<string, EventView | null>;
    readonly webhookEndpoint: DataLoader<string, WebhookEndpointView | null>;
    readonly deliveriesOfEvent: DataLoader<string, WebhookDeliveryEntity[]>;
    readonly attemptsOfDelivery: DataLoader<string, WebhookAttemptEntity[]>;
  };
}

const LOADER_BATCH_MAX = 500;

export function createAccountsContext(request: RequestContext, services: AccountsServices): AccountsContext {
  const entryLoaders = new Map<string, EntryPageLoader>();
  return {
    request,
    services,
    loaders: {
      account: new DataLoader<string, AccountEntity | null>(
        async (ids) => {
          const found = new Map((await services.accounts.getMany(request, ids)).map((account) => [account.id, account]));
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: LOADER_BATCH_MAX },
      ),
      balances: new DataLoader<string, BalanceMinor[]>(
        async (ids) => {
          const byOwner = await services.balances.balancesOf(request, ids);
          return ids.map((id) => byOwner.get(id) ?? []);
        },
        { maxBatchSize: LOADER_BATCH_MAX },
      ),
      entriesByAccount(currency) {
        const key = currency ?? '';
        let loader = entryLoaders.get(key);
        if (!loader) {
          loader = createChildPageLoader<EntryRow & { parent_id: string }, LedgerEntry>(
            (accountIds, page) => services.balances.entryPages(request, accountIds, page, currency),
            toLedgerEntry,
          );
          entryLoaders.set(key, loader);
        }
        return loader;
      },
      ...webhookLoaders(request, services),
    },
  };
}

function byId<T extends { id: string }>(rows: readonly T[], ids: readonly string[]): Array<T | null> {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

function groupBy<T>(rows: readonly T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

function webhookLoaders(request: RequestContext, services: AccountsServices) {
  const options = { maxBatchSize: 100 };
  return {
    event: new DataLoader<string, EventView | null>(async (ids) => byId(await services.events.getMany(request, ids), ids), options),
    webhookEndpoint: new DataLoader<string, WebhookEndpointView | null>(async (ids) => byId(await services.webhooks.getMany(request, ids), ids), options),
    deliveriesOfEvent: new DataLoader<string, WebhookDeliveryEntity[]>(
      async (ids) => groupBy(await services.webhooks.deliveriesOfEvents(request, ids), ids, (row) => row.eventId),
      options,
    ),
    attemptsOfDelivery: new DataLoader<string, WebhookAttemptEntity[]>(
      async (ids) => groupBy(await services.webhooks.attemptsOf(request, ids), ids, (row) => row.deliveryId),
      options,
    ),
  };
}
