import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';

export enum WebhookEndpointStatus {
  ENABLED = 'enabled',
  DISABLED = 'disabled',
}
registerEnumType(WebhookEndpointStatus, { name: 'WebhookEndpointStatus' });

export enum WebhookDisabledReason {
  MANUAL = 'manual',
  GONE = 'gone',
  FAILING = 'failing',
}
registerEnumType(WebhookDisabledReason, {
  name: 'WebhookDisabledReason',
  description: 'MANUAL: by the tenant. GONE: the endpoint answered 410. FAILING: every delivery failed for 5 days.',
});

export enum WebhookDeliveryStatus {
  PENDING = 'pending',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: being tried or waiting for a retry. SUCCEEDED: a 2xx arrived. FAILED: retries exhausted or the endpoint was disabled.',
});

@ObjectType({ description: 'A URL that receives events, signed per Standard Webhooks. The secret is never readable here.' })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String], { description: 'Event types delivered: exact names or wildcards such as transfer.* or *.' })
  eventTypes!: string[];

  @Field(() => WebhookEndpointStatus)
  status!: WebhookEndpointStatus;

  @Field(() => WebhookDisabledReason, { nullable: true })
  disabledReason!: WebhookDisabledReason | null;

  @Field(() => Date, { nullable: true, description: 'Until then, after a rotation, deliveries are also signed with the previous secret.' })
  previousSecretExpiresAt!: Date | null;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class WebhookEndpointConnection extends ConnectionType('WebhookEndpoint', WebhookEndpoint) {}

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
export class WebhookAttempt {
  @Field(() => ID)
  id!: string;

  @Field()
  attemptedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Null when no answer came (refused address, connection error, timeout).' })
  statusCode!: number | null;

  @Field(() => Int)
  latencyMs!: number;

  @Field(() => String, { nullable: true, description: 'The first 1,000 characters of the answer.' })
  responseExcerpt!: string | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field()
  succeeded!: boolean;
}

@ObjectType({ description: 'One event owed to one endpoint, with every attempt.' })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  endpointId!: string;

  @Field(() => ID, { description: 'Also the webhook-id header of every attempt.' })
  eventId!: string;

  @Field()
  eventType!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attemptCount!: number;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode!: number | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType('WebhookDelivery', WebhookDelivery) {}
