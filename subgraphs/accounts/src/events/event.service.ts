import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { expandEventTypes, parseEventId, readEvents, readEventsById, type OutboxEvent } from '@orquesta/events';
import { badInput, ok, PAGE_SIZE_MAX, PageInfo, type Connection, type Result } from '@orquesta/graphql';

export interface EventView extends Omit<OutboxEvent, 'createdAt'> {
  readonly createdAt: Date;
}

export interface EventListRequest {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly types?: readonly string[] | null;
  readonly entityId?: string | null;
}

export type EventService = ReturnType<typeof createEventService>;

const PAGE_SIZE_DEFAULT = 20;

function view(event: OutboxEvent): EventView {
  return { ...event, createdAt: new Date(event.createdAt) };
}

/**
 * The Events API over the outbox: a tenant's settled events of the last 30 days, oldest first,
 * after a cursor (an event id), which is what a partner catching up after downtime wants.
 */
export function createEventService({ dataSource }: { dataSource: DataSource }) {
  return {
    async list(request: RequestContext, query: EventListRequest): Promise<Result<Connection<EventView>>> {
      const limit = query.first ?? PAGE_SIZE_DEFAULT;
      if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX) return badInput('first', `must be between 1 and ${PAGE_SIZE_MAX}`);
      const after = query.after ? parseEventId(query.after) : undefined;
      if (query.after && !after) return badInput('after', 'is not an event id');
      if (query.entityId && !isUuid(query.entityId)) return badInput('entityId', 'is not a valid id');
      let types: string[] | undefined;
      if (query.types && query.types.length > 0) {
        const expanded = expandEventTypes(query.types);
        if (!expanded.ok) return badInput('types', expanded.reason);
        types = expanded.types;
      }
      const rows = await readEvents(dataSource, tenantScope(request), { after, types, entityId: query.entityId ?? undefined, limit: limit + 1 });
      const nodes = rows.slice(0, limit).map(view);
      const edges = nodes.map((node) => ({ cursor: node.id, node }));
      return ok({
        edges,
        nodes,
        pageInfo: Object.assign(new PageInfo(), {
          hasNextPage: rows.length > limit,
          hasPreviousPage: after !== undefined,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? query.after ?? null,
        }),
      });
    },

    async getMany(request: RequestContext, ids: readonly string[]): Promise<EventView[]> {
      return (await readEventsById(dataSource, tenantScope(request), ids)).map(view);
    },
  };
}
