import { GraphQLError, type GraphQLFieldMap, type GraphQLResolveInfo } from 'graphql';
import { expandEventTypes, parseEventId, type OutboxEvent } from '@orquesta/events';
import type { GatewayContext } from '../datasources/subgraph.datasource';
import { liveEvents } from './live-events';
import { buildRefetchOperation, refetchVariables, RefetchCache, type RefetchOperation } from './refetch';
import type { SubscriptionDeps } from './subscription-fields';

function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * `paymentEvents(types, after)`: every event of the subscriber's tenant and mode, replayed from
 * the outbox after `after` then live, with no gap and no duplicate. Each message is the `Event`
 * read through the gateway (`Query.event`) under the subscriber's own context, so the selection
 * may reach federated fields (`entity { ... on Transfer { … } }`, `deliveries`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function attachPaymentEvents(fields: GraphQLFieldMap<any, any>, deps: SubscriptionDeps): void {
  const field = fields.paymentEvents;
  if (!field) throw new Error('subscription field paymentEvents is not in the schema');
  const cache = new RefetchCache();
  const operations = new WeakMap<object, RefetchOperation>();

  field.subscribe = async (_root: unknown, args: { types?: string[] | null; after?: string | null }, ctx: GatewayContext) => {
    const after = args.after ? parseEventId(args.after) : undefined;
    if (args.after && !after) throw badInput('after', 'is not an event id');
    let types: string[] | undefined;
    if (args.types && args.types.length > 0) {
      const expanded = expandEventTypes(args.types);
      if (!expanded.ok) throw badInput('types', expanded.reason);
      types = expanded.types;
    }
    const { tenantId, livemode } = ctx.request;
    return liveEvents({ hub: deps.hub, source: deps.events, scope: { tenantId, livemode }, types, after });
  };

  field.resolve = async (event: OutboxEvent, _args: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    let operation = operations.get(info.operation);
    if (!operation) {
      operation = buildRefetchOperation(info, 'event');
      operations.set(info.operation, operation);
    }
    const variables = refetchVariables(operation, info, event.id);
    const { tenantId, livemode, role, actor } = ctx.request;
    const key = [event.id, tenantId, livemode, role, actor.type, operation.query, JSON.stringify(variables)].join('\u0000');
    const response = await cache.share(key, () => deps.apollo.executeOperation({ query: operation!.query, variables }, { contextValue: ctx }));
    if (response.body.kind !== 'single') throw new Error('refetch returned an incremental result');
    const result = response.body.singleResult;
    if (result.errors?.length) throw new GraphQLError(result.errors[0].message, { extensions: result.errors[0].extensions });
    return (result.data as { entity: unknown }).entity;
  };
}
