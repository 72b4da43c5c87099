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
  PROCESSING = 'processing',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(TransferStatus, { name: 'TransferStatus' });

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

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class TransferConnection extends ConnectionType('Transfer', Transfer) {}
