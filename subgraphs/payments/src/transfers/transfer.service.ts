import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { loadChildPages } from '@orquesta/db';
import type { PageRequest } from '@orquesta/graphql';
import type { TransferRow } from './transfer.record';

export type TransferService = ReturnType<typeof createTransferService>;

export function createTransferService({ dataSource }: { dataSource: DataSource }) {
  return {
    /** One page of transfers for each account (as payer or payee), in one statement. */
    async pagesForAccounts(
      request: RequestContext,
      accountIds: readonly string[],
      page: PageRequest,
    ): Promise<Array<TransferRow & { parent_id: string }>> {
      const valid = accountIds.filter(isUuid);
      if (valid.length === 0) return [];
      return loadChildPages<TransferRow & { parent_id: string }>(dataSource, tenantScope(request), {
          table: 'payments.transfers',
          belongsToParent: '(t.from_account_id = p.parent_id OR t.to_account_id = p.parent_id)',
          parentIds: valid,
          limit: page.limit + 1,
          afterId: page.afterId,
        });
    },
  };
}
