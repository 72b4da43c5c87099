import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MoneyInput } from '@orquesta/money';
import { Transfer, TransferStatus, TransferType } from './transfer.type';

@InputType()
export class CreateInternalTransferInput {
  @Field(() => ID)
  fromAccountId!: string;

  @Field(() => ID)
  toAccountId!: string;

  @Field(() => MoneyInput, { description: 'A decimal string in the currency, such as { amount: "30.00", currency: "USD" }.' })
  amount!: MoneyInput;

  @Field({
    description:
      'Required. Retrying with the same key and the same parameters returns the original transfer (for at least 24 hours); ' +
      'with other parameters it fails with IDEMPOTENCY_KEY_REUSED.',
  })
  idempotencyKey!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "For agents: why, in the agent's own words (at most 2,000 characters), kept in its activity log." })
  reasoning?: string | null;
}

@ObjectType()
export class CreateInternalTransferPayload {
  @Field(() => Transfer)
  transfer!: Transfer;
}

@InputType()
export class TransferFilter {
  @Field(() => ID, { nullable: true, description: 'Transfers from or to this account.' })
  accountId?: string | null;

  @Field(() => TransferStatus, { nullable: true })
  status?: TransferStatus | null;

  @Field(() => TransferType, { nullable: true })
  type?: TransferType | null;

  @Field(() => Date, { nullable: true, description: 'Created at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Created before this instant.' })
  to?: Date | null;
}
