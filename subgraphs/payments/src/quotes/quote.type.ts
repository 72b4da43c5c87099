import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, Money } from '@orquesta/money';

@ObjectType({ description: 'A price for converting money, with the rate locked until expiresAt.' })
export class Quote {
  @Field(() => ID)
  id!: string;

  @Field()
  fromCurrency!: string;

  @Field()
  toCurrency!: string;

  @Field({ description: 'The corridor priced, such as "USD-MXN".' })
  corridor!: string;

  @Field(() => Money, { description: 'What the sender pays, fee included.' })
  amount!: Money;

  @Field(() => Money, { description: 'The platform fee, in the source currency.' })
  fee!: Money;

  @Field(() => Int, { description: 'The fee in basis points of the amount (1 bp = 0.01%).' })
  feeBps!: number;

  @Field(() => DecimalScalar, { description: 'Units of toCurrency per unit of fromCurrency, locked for this quote.' })
  rate!: string;

  @Field({ description: 'When the locked rate was published.' })
  rateAsOf!: Date;

  @Field(() => Money, { description: 'What the recipient gets: (amount − fee) × rate, rounded down to the target currency.' })
  targetAmount!: Money;

  @Field()
  expiresAt!: Date;

  @Field({ description: 'True once expiresAt has passed; an expired quote cannot be used.' })
  expired!: boolean;

  @Field()
  livemode!: boolean;

  @Field()
  createdAt!: Date;
}

@InputType()
export class CreateQuoteInput {
  @Field()
  fromCurrency!: string;

  @Field()
  toCurrency!: string;

  @Field(() => DecimalScalar, { description: 'What the sender pays, in fromCurrency, as a decimal string such as "100.00".' })
  amount!: string;

  @Field(() => String, { nullable: true, description: 'The corridor, such as "USD-MXN"; it must match the currencies.' })
  corridor?: string | null;
}

@ObjectType()
export class CreateQuotePayload {
  @Field(() => Quote)
  quote!: Quote;
}
