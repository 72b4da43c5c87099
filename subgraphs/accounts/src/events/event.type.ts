import { createUnionType, Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfo } from '@orquesta/graphql';
import { Account } from '../accounts/account.type';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.type';

// Entities other subgraphs own, referenced by id only: the gateway fetches their fields there.
@ObjectType('Transfer')
@Directive('@key(fields: "id", resolvable: false)')
export class TransferReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Agent')
@Directive('@key(fields: "id", resolvable: false)')
export class AgentReference {
  @Field(() => ID)
  id!: string;
}

export const EventEntity = createUnionType({
  name: 'EventEntity',
  description: 'The object an event concerns.',
  types: () => [Account, TransferReference, AgentReference, WebhookEndpoint] as const,
  resolveType: (value) => (value as { __typename?: string }).__typename,
});

@ObjectType({ description: 'Something that happened, as recorded with the change itself (the outbox). Kept 30 days.' })
export class Event {
  @Field(() => ID, { description: 'Unique, and a cursor: pass it as `after` to read (or subscribe to) what followed. Also the webhook-id header.' })
  id!: string;

  @Field({ description: 'See the event catalogue (shared/events/EVENTS.md), e.g. transfer.completed.' })
  type!: string;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The GraphQL type of the entity concerned: Account, Transfer, Agent or WebhookEndpoint.' })
  entityType!: string;

  @Field(() => ID)
  entityId!: string;

  @Field(() => GraphQLJSONObject, { description: "The entity's state when the event happened (a snapshot, not live)." })
  payload!: Record<string, unknown>;
}

@ObjectType()
export class EventEdge {
  @Field(() => String, { description: 'The event id.' })
  cursor!: string;

  @Field(() => Event)
  node!: Event;
}

@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => [Event])
  nodes!: Event[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
