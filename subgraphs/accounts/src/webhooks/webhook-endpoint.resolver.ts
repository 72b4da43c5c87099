import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound, pageRequest, unwrap, requirePermission } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import { Event } from '../events/event.type';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointPayload,
  ReplayEventsInput,
  ReplayEventsPayload,
  RetryWebhookDeliveryPayload,
  RotateWebhookSecretPayload,
  SendTestEventPayload,
  UpdateWebhookEndpointInput,
  UpdateWebhookEndpointPayload,
} from './webhook-endpoint.input';
import type { WebhookEndpointView } from './webhook-endpoint.service';
import {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointConnection,
} from './webhook-endpoint.type';

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
class DeliveriesArgs extends PageArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => WebhookEndpointConnection, { description: "The tenant's webhook endpoints in this mode, newest first." })
  async webhookEndpoints(@Args() { first, after }: PageArgs, @Ctx() ctx: AccountsContext): Promise<WebhookEndpointConnection> {
    const page = unwrap(pageRequest(first, after));
    return unwrap(await ctx.services.webhooks.list(ctx.request, page)) as WebhookEndpointConnection;
  }

  @Query(() => WebhookEndpoint, { nullable: true })
  async webhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<WebhookEndpoint | null> {
    const endpoint = await ctx.loaders.webhookEndpoint.load(id);
    if (!endpoint) return unwrap(notFound('WebhookEndpoint', id));
    return endpoint as WebhookEndpoint;
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Deliveries to this endpoint, newest first.' })
  async deliveries(@Root() endpoint: WebhookEndpointView, @Args() { first, after, status }: DeliveriesArgs, @Ctx() ctx: AccountsContext): Promise<WebhookDeliveryConnection> {
    const page = unwrap(pageRequest(first, after));
    return unwrap(await ctx.services.webhooks.listDeliveries(ctx.request, endpoint.id, page, status)) as WebhookDeliveryConnection;
  }

  @Mutation(() => CreateWebhookEndpointPayload)
  async createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() ctx: AccountsContext): Promise<CreateWebhookEndpointPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const created = unwrap(await ctx.services.webhooks.create(ctx.request, input));
    return { endpoint: created.endpoint as WebhookEndpoint, secret: created.secret };
  }

  @Mutation(() => UpdateWebhookEndpointPayload)
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @Ctx() ctx: AccountsContext): Promise<UpdateWebhookEndpointPayload> {
    requirePermission(ctx.request, 'settings:manage');
    return { endpoint: unwrap(await ctx.services.webhooks.update(ctx.request, input)) as WebhookEndpoint };
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Deletes the endpoint and its delivery log; nothing more is sent to it.' })
  async deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<DeleteWebhookEndpointPayload> {
    requirePermission(ctx.request, 'settings:manage');
    return { deletedId: unwrap(await ctx.services.webhooks.delete(ctx.request, id)) };
  }

  @Mutation(() => RotateWebhookSecretPayload)
  async rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RotateWebhookSecretPayload> {
    requirePermission(ctx.request, 'settings:manage');
    const rotated = unwrap(await ctx.services.webhooks.rotateSecret(ctx.request, id));
    return { endpoint: rotated.endpoint as WebhookEndpoint, secret: rotated.secret };
  }

  @Mutation(() => SendTestEventPayload, { description: 'Sends a webhook.test event to this endpoint only.' })
  async sendTestEvent(@Arg('endpointId', () => ID) endpointId: string, @Ctx() ctx: AccountsContext): Promise<SendTestEventPayload> {
    requirePermission(ctx.request, 'settings:manage');
    return { eventId: unwrap(await ctx.services.webhooks.sendTestEvent(ctx.request, endpointId)) };
  }

  @Mutation(() => RetryWebhookDeliveryPayload, { description: 'Tries a finished delivery again now, with the same webhook-id.' })
  async retryWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<RetryWebhookDeliveryPayload> {
    requirePermission(ctx.request, 'settings:manage');
    return { delivery: unwrap(await ctx.services.webhooks.retryDelivery(ctx.request, id)) as WebhookDelivery };
  }

  @Mutation(() => ReplayEventsPayload)
  async replayEvents(@Arg('input') input: ReplayEventsInput, @Ctx() ctx: AccountsContext): Promise<ReplayEventsPayload> {
    requirePermission(ctx.request, 'settings:manage');
    return { deliveriesQueued: unwrap(await ctx.services.webhooks.replay(ctx.request, input)) };
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => Event, { nullable: true, description: 'Null once the event is past the 30-day retention.' })
  async event(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: AccountsContext): Promise<Event | null> {
    return (await ctx.loaders.event.load(delivery.eventId)) as Event | null;
  }

  @FieldResolver(() => WebhookEndpoint, { nullable: true })
  async endpoint(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: AccountsContext): Promise<WebhookEndpoint | null> {
    return (await ctx.loaders.webhookEndpoint.load(delivery.endpointId)) as WebhookEndpoint | null;
  }

  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, newest first (at most 50).' })
  async attempts(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: AccountsContext): Promise<WebhookAttempt[]> {
    return ctx.loaders.attemptsOfDelivery.load(delivery.id);
  }
}
