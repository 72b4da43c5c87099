import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { WebhookDelivery, WebhookEndpoint } from './webhook-endpoint.type';

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'https in live mode; private, loopback and link-local addresses are refused.' })
  url!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { description: 'Exact event types or wildcards (transfer.*, *), from the event catalogue.' })
  eventTypes!: string[];
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'null or "" removes it.' })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'false disables the endpoint; true enables it again and forgets its failure streak.' })
  enabled?: boolean | null;
}

@InputType({ description: 'Delivers again, to one endpoint, the events of a time range that its filter (and `types`, if given) matches.' })
export class ReplayEventsInput {
  @Field(() => ID)
  endpointId!: string;

  @Field({ description: 'Inclusive; within the 30-day retention.' })
  from!: Date;

  @Field({ description: 'Exclusive.' })
  to!: Date;

  @Field(() => [String], { nullable: true })
  types?: string[] | null;
}

@ObjectType()
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The signing secret (whsec_…). Shown only here: store it now.' })
  secret!: string;
}

@ObjectType()
export class UpdateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID)
  deletedId!: string;
}

@ObjectType()
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The new secret, shown only here. The previous one keeps signing until endpoint.previousSecretExpiresAt (24 h).' })
  secret!: string;
}

@ObjectType()
export class SendTestEventPayload {
  @Field(() => ID, { description: 'The webhook.test event, delivered to this endpoint only.' })
  eventId!: string;
}

@ObjectType()
export class RetryWebhookDeliveryPayload {
  @Field(() => WebhookDelivery)
  delivery!: WebhookDelivery;
}

@ObjectType()
export class ReplayEventsPayload {
  @Field(() => Int, { description: 'Deliveries queued (at most 10,000 per call; replay the rest with a later `from`).' })
  deliveriesQueued!: number;
}
