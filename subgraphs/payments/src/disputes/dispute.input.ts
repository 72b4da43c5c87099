import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MoneyInput } from '@orquesta/money';
import { Dispute, DisputeOutcome, DisputeReason, DisputeStatus } from './dispute.type';

@InputType()
export class OpenDisputeInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => DisputeReason)
  reason!: DisputeReason;

  @Field(() => MoneyInput, { nullable: true, description: 'A part of the transfer; omitted, everything not yet refunded or disputed.' })
  amount?: MoneyInput | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ description: 'Required, as on every money mutation: a retry with the same key returns the original dispute.' })
  idempotencyKey!: string;
}

@InputType()
export class DisputeEvidenceInput {
  @Field(() => String, { nullable: true })
  explanation?: string | null;

  @Field(() => String, { nullable: true })
  serviceDocumentation?: string | null;

  @Field(() => String, { nullable: true })
  customerCommunication?: string | null;

  @Field(() => String, { nullable: true })
  refundPolicy?: string | null;
}

@InputType()
export class SubmitDisputeEvidenceInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => DisputeEvidenceInput)
  evidence!: DisputeEvidenceInput;
}

@InputType()
export class AcceptDisputeInput {
  @Field(() => ID)
  disputeId!: string;
}

@InputType()
export class ResolveDisputeInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => DisputeOutcome)
  outcome!: DisputeOutcome;
}

@ObjectType()
export class DisputePayload {
  @Field(() => Dispute)
  dispute!: Dispute;
}

@InputType()
export class DisputeFilter {
  @Field(() => ID, { nullable: true })
  transferId?: string | null;

  @Field(() => DisputeStatus, { nullable: true })
  status?: DisputeStatus | null;

  @Field(() => Date, { nullable: true, description: 'Evidence due before this instant.' })
  dueBefore?: Date | null;
}
