import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { notFound, unwrap } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import { WebhookDelivery } from '../webhooks/webhook-endpoint.type';
import { Event, EventConnection, EventEntity } from './event.type';
import type { EventView } from './event.service';

@ArgsType()
class EventsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => ID, { nullable: true, description: 'An event id: the page starts after it.' })
  after?: string | null;

  @Field(() => [String], { nullable: true, description: 'Event types or wildcards (transfer.*); unknown names are refused.' })
  types?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Only events about this entity.' })
  entityId?: string | null;
}

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, { description: "The tenant's events of the last 30 days, oldest first, after a cursor." })
  async events(@Args() args: EventsArgs, @Ctx() ctx: AccountsContext): Promise<EventConnection> {
    return unwrap(await ctx.services.events.list(ctx.request, args)) as EventConnection;
  }

  @Query(() => Event, { nullable: true })
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<Event | null> {
    const event = await ctx.loaders.event.load(id);
    if (!event) return unwrap(notFound('Event', id));
    return event as Event;
  }

  @FieldResolver(() => EventEntity, { nullable: true, description: 'The entity, resolved now (its current state); null if it no longer exists.' })
  async entity(@Root() event: EventView, @Ctx() ctx: AccountsContext): Promise<object | null> {
    switch (event.entityType) {
      case 'Account': {
        const account = await ctx.loaders.account.load(event.entityId);
        return account ? { ...account, __typename: 'Account' } : null;
      }
      case 'WebhookEndpoint': {
        const endpoint = await ctx.loaders.webhookEndpoint.load(event.entityId);
        return endpoint ? { ...endpoint, __typename: 'WebhookEndpoint' } : null;
      }
      case 'Transfer':
      case 'Agent':
        return { __typename: event.entityType, id: event.entityId };
      default:
        return null;
    }
  }

  @FieldResolver(() => [WebhookDelivery], { description: "This event's deliveries, one per endpoint it was owed to." })
  async deliveries(@Root() event: EventView, @Ctx() ctx: AccountsContext): Promise<WebhookDelivery[]> {
    return (await ctx.loaders.deliveriesOfEvent.load(event.id)) as WebhookDelivery[];
  }
}
