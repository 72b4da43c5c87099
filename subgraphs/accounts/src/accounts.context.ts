import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createChildPageLoader, type ChildPageKey, type Connection } from '@orquesta/graphql';
import type { BalanceMinor } from '@orquesta/ledger';
import type { AccountEntity } from './accounts/account.entity';
import type { AccountService } from './accounts/account.service';
import { toLedgerEntry } from './balances/balance.record';
import type { BalanceService, EntryRow } from './balances/balance.service';
import type { LedgerEntry } from './balances/balance.type';

export interface AccountsServices {
  readonly accounts: AccountService;
  readonly balances: BalanceService;
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
    },
  };
}
