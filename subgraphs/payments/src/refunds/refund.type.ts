import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@orquesta/graphql';
import { Money } from '@orquesta/money';
import { Initiator, Transfer } from '../transfers/transfer.type';

export enum RefundReason {
  DUPLICATE_PAYMENT = 'duplicate_payment',
  SERVICE_NOT_RENDERED = 'service_not_rendered',
  CUSTOMER_REQUEST = 'customer_request',
  ERROR = 'error',
  OTHER = 'other',
}
registerEnumType(RefundReason, { name: 'RefundReason' });

export enum RefundStatus {
  PENDING = 'pending',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(RefundStatus, {
  name: 'RefundStatus',
  description: 'pending → succeeded | failed. A refund of an internal transfer succeeds in the transaction that creates it.',
});

@ObjectType({ description: 'Money returned along a transfer, in reverse: all of it or a part.' })
export class Refund {
  @Field(() => ID)
  id!: string;

  @Field(() => Transfer, { description: 'The transfer refunded.' })
  transfer!: Transfer;

  @Field(() => Money)
  amount!: Money;

  @Field(() => RefundReason)
  reason!: RefundReason;

  @Field(() => String, { nullable: true })
  reasonDetails!: string | null;

  @Field(() => RefundStatus)
  status!: RefundStatus;

  @Field(() => String, { nullable: true, description: 'Why it failed, when status is FAILED.' })
  failureReason!: string | null;

  @Field(() => Initiator)
  initiatedBy!: Initiator;

  @Field()
  idempotencyKey!: string;

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
export class RefundConnection extends ConnectionType('Refund', Refund) {}
