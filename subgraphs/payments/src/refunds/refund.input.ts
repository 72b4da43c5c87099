import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MoneyInput } from '@orquesta/money';
import { Refund, RefundReason, RefundStatus } from './refund.type';

@InputType()
export class CreateRefundInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => MoneyInput, { nullable: true, description: 'A part of the transfer; omitted, everything still refundable.' })
  amount?: MoneyInput | null;

  @Field(() => RefundReason)
  reason!: RefundReason;

  @Field(() => String, { nullable: true })
  reasonDetails?: string | null;

  @Field({
    description:
      'Required. Retrying with the same key and the same parameters returns the original refund; with other parameters it fails with IDEMPOTENCY_KEY_REUSED.',
  })
  idempotencyKey!: string;
}

@ObjectType()
export class CreateRefundPayload {
  @Field(() => Refund)
  refund!: Refund;
}

@InputType()
export class RefundFilter {
  @Field(() => ID, { nullable: true })
  transferId?: string | null;

  @Field(() => RefundStatus, { nullable: true })
  status?: RefundStatus | null;
}
