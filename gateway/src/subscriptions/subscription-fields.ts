import { GraphQLError, GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { isUuid } from '@orquesta/context';
import { EVENT_TYPES, parseEventId, type OutboxEvent } from '@orquesta/events';
import type { GatewayContext } from '../datasources/subgraph.datasource';
import type { EventHub } from './event-hub';
import { liveEvents, type EventSource } from './live-events';
import { attachPaymentEvents } from './payment-events';
import { buildRefetchOperation, refetchVariables, RefetchCache, type RefetchOperation } from './refetch';

/** A subscription that follows one entity: its id argument, which events, which query field refetches it. */
interface EntitySubscription {
  readonly field: string;
  readonly idArgument: string;
  /** Event types that trigger a push; none means every event about the entity. */
  readonly types?: readonly string[];
  readonly queryField: string;
  /** Where the followed id is checked, when the pushed entity is another one (default: queryField). */
  readonly probeField?: string;
  /** The id the refetch asks for (default: the event's entity, the followed id itself). */
  readonly pushedId?: (event: OutboxEvent) => string;
}

// Add a row here (and its SDL in subscription.sdl.ts) for each entity clients can follow.
const ENTITY_SUBSCRIPTIONS: readonly EntitySubscription[] = [
  { field: 'accountUpdated', idArgument: 'id', queryField: 'account' },
  { field: 'balanceChanged', idArgument: 'accountId', types: ['balance.changed'], queryField: 'account' },
  // Status changes only: other events naming a transfer (liquidity.low) are not its updates.
  { field: 'transferUpdated', idArgument: 'id', types: EVENT_TYPES.filter((type) => type.startsWith('transfer.')), queryField: 'transfer' },
  // Follows an agent, pushes each new AgentActivity (the event names the agent, its payload the entry).
  {
    field: 'agentActivity',
    idArgument: 'agentId',
    types: ['agent.activity_recorded'],
    queryField: 'agentActivityEntry',
    probeField: 'agent',
    pushedId: (event) => String(event.payload.activityId),
  },
];

export interface SubscriptionDeps {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly hub: EventHub;
  readonly events: EventSource;
}

function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** Who may see the same refetched data: same tenant, mode and authorization. */
function scopeKey(ctx: GatewayContext): string {
  const { tenantId, livemode, role, actor } = ctx.request;
  return `${tenantId}|${livemode}|${role}|${actor.type === 'agent' ? `agent:${actor.id}` : actor.type}`;
}

async function runQuery(deps: SubscriptionDeps, ctx: GatewayContext, query: string, variables: Record<string, unknown>) {
  const response = await deps.apollo.executeOperation({ query, variables }, { contextValue: ctx });
  if (response.body.kind !== 'single') throw new Error('refetch returned an incremental result');
  return response.body.singleResult;
}

function firstError(errors: readonly { message: string; extensions?: Record<string, unknown> }[]): GraphQLError {
  const [error] = errors;
  return new GraphQLError(error.message, { extensions: error.extensions });
}

/**
 * Gives the subscription fields of the public schema their `subscribe` (replay then live
 * events for the entity) and `resolve` (refetch the entity through the gateway with the
 * subscriber's own context, shared between identical subscribers).
 */
export function attachSubscriptionResolvers(schema: GraphQLSchema, deps: SubscriptionDeps): GraphQLSchema {
  const subscriptionType = schema.getSubscriptionType() as GraphQLObjectType;
  const fields = subscriptionType.getFields();
  const cache = new RefetchCache();
  const operations = new WeakMap<object, RefetchOperation>();

  for (const spec of ENTITY_SUBSCRIPTIONS) {
    const field = fields[spec.field];
    if (!field) throw new Error(`subscription field ${spec.field} is not in the schema`);

    field.subscribe = async (_root: unknown, args: Record<string, string | null | undefined>, ctx: GatewayContext) => {
      const id = args[spec.idArgument];
      if (typeof id !== 'string' || !isUuid(id)) throw badInput(spec.idArgument, 'is not a valid id');
      const after = args.after ? parseEventId(args.after) : undefined;
      if (args.after && !after) throw badInput('after', 'is not an event id');
      // The entity must exist for this subscriber: another tenant's id is NOT_FOUND, as everywhere.
      const probe = await runQuery(deps, ctx, `query($id: ID!) { entity: ${spec.probeField ?? spec.queryField}(id: $id) { __typename } }`, { id });
      if (probe.errors?.length) throw firstError(probe.errors);
      const { tenantId, livemode } = ctx.request;
      return liveEvents({ hub: deps.hub, source: deps.events, scope: { tenantId, livemode }, entityId: id, types: spec.types, after });
    };

    field.resolve = async (event: OutboxEvent, _args: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) => {
      let operation = operations.get(info.operation);
      if (!operation) {
        operation = buildRefetchOperation(info, spec.queryField);
        operations.set(info.operation, operation);
      }
      const variables = refetchVariables(operation, info, spec.pushedId ? spec.pushedId(event) : event.entityId);
      // Keyed by event: one refetch per event and audience, however many subscribers share it.
      const key = [event.id, scopeKey(ctx), operation.query, JSON.stringify(variables)].join('\u0000');
      const result = await cache.share(key, () => runQuery(deps, ctx, operation.query, variables));
      if (result.errors?.length) throw firstError(result.errors);
      return (result.data as { entity: unknown }).entity;
    };
  }
  attachPaymentEvents(fields, deps);
  return schema;
}
