import type DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createChildPageLoader, type ChildPageKey, type Connection } from '@orquesta/graphql';
import { transferFromRow, type TransferRow } from './transfers/transfer.record';
import type { TransferService } from './transfers/transfer.service';
import type { Transfer } from './transfers/transfer.type';

export interface PaymentsServices {
  readonly transfers: TransferService;
}

export interface PaymentsContext {
  readonly request: RequestContext;
  readonly services: PaymentsServices;
  readonly loaders: {
    readonly transfersByAccount: DataLoader<ChildPageKey, Connection<Transfer>, string>;
  };
}

export function createPaymentsContext(request: RequestContext, services: PaymentsServices): PaymentsContext {
  return {
    request,
    services,
    loaders: {
      transfersByAccount: createChildPageLoader<TransferRow & { parent_id: string }, Transfer>(
        (accountIds, page) => services.transfers.pagesForAccounts(request, accountIds, page),
        transferFromRow,
      ),
    },
  };
}
