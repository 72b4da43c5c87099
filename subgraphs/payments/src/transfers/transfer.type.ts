import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';

export enum TransferType {
  INTERNAL = 'internal',
  CROSS_BORDER = 'cross_border',
  PAYOUT = 'payout',
  DEPOSIT = 'deposit',
  REFUND = 'refund',
}
registerEnumType(TransferType, { name: 'TransferType' });

export enum TransferStatus {
  PENDING = 'pending',
  PENDING_APPROVAL = 'pending_approval',
  PROCESSING = 'processing',
  REQUIRES_MANUAL_INTERVENTION = 'requires_manual_intervention',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description:
    'pending → processing → completed | failed | cancelled (before it reached a rail) | requires_manual_intervention (every rail failed; an admin resolves it). ' +
    'Internal transfers complete at once. An agent\'s transfer or payout above its approval threshold waits as pending_approval (money held) until approved, rejected (cancelled) or expired (cancelled).',
});

export enum InitiatorType {
  USER = 'user',
  API_KEY = 'api_key',
  AGENT = 'agent',
  SYSTEM = 'system',
}
registerEnumType(InitiatorType, { name: 'InitiatorType' });

@ObjectType({ description: 'Who started a transfer: a dashboard user, an API key or an AI agent.' })
export class Initiator {
  @Field(() => InitiatorType)
  type!: InitiatorType;

  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

/** The accounts subgraph owns Account; this subgraph adds the transfers that touch it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'A movement of money between accounts or out to a rail.' })
@Directive('@key(fields: "id")')
export class Transfer {
  @Field(() => ID)
  id!: string;

  @Field(() => TransferType)
  type!: TransferType;

  @Field(() => TransferStatus)
  status!: TransferStatus;

  @Field(() => Account, { nullable: true })
  from!: Account | null;

  @Field(() => Account, { nullable: true })
  to!: Account | null;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Money, { description: 'What the platform charged on top of the amount (zero for internal transfers).' })
  fee!: Money;

  @Field(() => Initiator)
  initiatedBy!: Initiator;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'The key the creating request carried; a retry with it returns this transfer.' })
  idempotencyKey!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it failed, when status is failed.' })
  failureReason!: string | null;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType()
export class TransferConnection extends ConnectionType('Transfer', Transfer) {}
