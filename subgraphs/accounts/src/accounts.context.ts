import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import type { AccountEntity } from './accounts/account.entity';
import type { AccountService } from './accounts/account.service';

export interface AccountsServices {
  readonly accounts: AccountService;
}

/** What every accounts resolver gets: the verified request, the services, per-request loaders. */
export interface AccountsContext {
  readonly request: RequestContext;
  readonly services: AccountsServices;
  readonly loaders: {
    readonly account: DataLoader<string, AccountEntity | null>;
  };
}

export function createAccountsContext(request: RequestContext, services: AccountsServices): AccountsContext {
  return {
    request,
    services,
    loaders: {
      account: new DataLoader<string, AccountEntity | null>(
        async (ids) => {
          const found = new Map((await services.accounts.getMany(request, ids)).map((account) => [account.id, account]));
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      ),
    },
  };
}
