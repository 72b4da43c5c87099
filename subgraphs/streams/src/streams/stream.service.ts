import type { DataSource } from 'typeorm';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { loadChildPages } from '@orquesta/db';
import type { PageRequest } from '@orquesta/graphql';
import type { StreamRow } from './stream.record';

export type StreamService = ReturnType<typeof createStreamService>;

export function createStreamService({ dataSource }: { dataSource: DataSource }) {
  return {
    /** One page of streams for each account (as sender or receiver), in one statement. */
    async pagesForAccounts(
      request: RequestContext,
      accountIds: readonly string[],
      page: PageRequest,
    ): Promise<Array<StreamRow & { parent_id: string }>> {
      const valid = accountIds.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return loadChildPages<StreamRow & { parent_id: string }>(dataSource, scope, {
          table: 'streams.streams',
          belongsToParent: '(t.sender_account_id = p.parent_id OR t.receiver_account_id = p.parent_id)',
          parentIds: valid,
          limit: page.limit + 1,
          afterId: page.afterId,
        });
    },
  };
}
