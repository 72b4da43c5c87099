import type { DataSource } from 'typeorm';
import { isUuid, tenantScope, type RequestContext } from '@orquesta/context';
import { loadChildPages, readForTenant } from '@orquesta/db';
import type { PageRequest } from '@orquesta/graphql';
import type { StreamRow } from './stream.record';

export type StreamService = ReturnType<typeof createStreamService>;

export function createStreamService({ dataSource }: { dataSource: DataSource }) {
  return {
    /** Streams by id, this tenant's and mode's only (entity references). */
    async getMany(request: RequestContext, ids: readonly string[]): Promise<StreamRow[]> {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      const scope = tenantScope(request);
      return readForTenant<StreamRow>(
        dataSource,
        scope,
        `SELECT id, tenant_id, livemode, status, sender_account_id, receiver_account_id, currency, flow_rate_per_second_minor, created_at
           FROM streams.streams WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::uuid[])`,
        [scope.tenantId, scope.livemode, valid],
      );
    },

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
