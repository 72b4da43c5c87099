import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar, Money, MoneyInput } from '@orquesta/money';
import { Transfer } from '../transfers/transfer.type';

export enum PayoutNetworkEnum {
  SPEI = 'SPEI',
  PIX = 'PIX',
  PSE = 'PSE',
  ACH = 'ACH',
  MPESA = 'MPESA',
  USDC = 'USDC',
}
registerEnumType(PayoutNetworkEnum, { name: 'PayoutNetwork', description: 'SPEI (MXN), PIX (BRL), PSE (COP), ACH (USD), MPESA (KES), USDC (on-chain).' });

export enum ManualActionEnum {
  RETRY_ON_RAIL = 'retry_on_rail',
  REFUND = 'refund',
}
registerEnumType(ManualActionEnum, { name: 'ManualAction' });

@InputType({ description: "Where the money goes: the network, and that network's fields (the others are ignored)." })
export class PayoutDestinationInput {
  @Field(() => PayoutNetworkEnum)
  network!: PayoutNetworkEnum;

  @Field(() => String, { nullable: true, description: "The beneficiary's name." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'SPEI: the 18-digit CLABE (its check digit is verified).' })
  clabe?: string | null;

  @Field(() => String, { nullable: true, description: 'PIX: a CPF or CNPJ (check digits verified), an email, a +55 phone or a random key.' })
  pixKey?: string | null;

  @Field(() => String, { nullable: true, description: 'PSE: the 4-digit bank code.' })
  bankCode?: string | null;

  @Field(() => String, { nullable: true, description: 'PSE and ACH: the account number.' })
  accountNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'ACH: the 9-digit ABA routing number (checksum verified).' })
  routingNumber?: string | null;

  @Field(() => String, { nullable: true, description: "PSE: the beneficiary's cédula or NIT." })
  documentNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'MPESA: a Kenyan mobile number, +2547… or +2541….' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'USDC: a 0x address of 40 hexadecimal characters.' })
  walletAddress?: string | null;
}

@InputType()
export class CreatePayoutInput {
  @Field(() => ID)
  fromAccountId!: string;

  @Field(() => ID, { nullable: true, description: 'A quote from createQuote: its locked rate and fee are used, once. Give this or amount.' })
  quoteId?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'What the sender pays, priced at the latest rate. Give this or quoteId.' })
  amount?: MoneyInput | null;

  @Field(() => PayoutDestinationInput)
  destination!: PayoutDestinationInput;

  @Field({ description: 'Required. A retry with the same key and parameters returns the original payout.' })
  idempotencyKey!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "For agents: why, in the agent's own words (at most 2,000 characters), kept in its activity log." })
  reasoning?: string | null;
}

@ObjectType()
export class PayoutPayload {
  @Field(() => Transfer)
  transfer!: Transfer;
}

@InputType()
export class CancelPayoutInput {
  @Field(() => ID)
  transferId!: string;
}

@InputType()
export class ResolveManualStepInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => ID)
  stepId!: string;

  @Field(() => ManualActionEnum)
  action!: ManualActionEnum;

  @Field(() => String, { nullable: true, description: 'For RETRY_ON_RAIL: the rail to retry on.' })
  rail?: string | null;
}

@ObjectType({ description: 'One rail weighed by the router.' })
export class RouteAlternative {
  @Field()
  rail!: string;

  @Field()
  eligible!: boolean;

  @Field({ description: 'Why it is ineligible, or how it scored on cost, speed and success.' })
  reason!: string;

  @Field(() => Float, { description: 'Higher is better; 0 when ineligible.' })
  score!: number;

  @Field(() => Money, { description: "The provider's fee for this amount." })
  fee!: Money;

  @Field(() => Int)
  settlementSeconds!: number;

  @Field(() => Float, { description: "Share of the tenant's recent payouts on this rail that succeeded." })
  successRate!: number;
}

@ObjectType({ description: 'How a payout was routed: the chosen rail, the fallback chain, why, and what else was weighed.' })
export class PayoutRoute {
  @Field()
  corridor!: string;

  @Field(() => String, { nullable: true, description: 'The rail the payout is on now (or ended on).' })
  rail!: string | null;

  @Field(() => [String], { description: 'The rails in the order they are tried.' })
  chain!: string[];

  @Field(() => ID, { nullable: true, description: "The tenant's routing rule that decided, if one matched." })
  ruleId!: string | null;

  @Field()
  reasoning!: string;

  @Field(() => [RouteAlternative])
  alternatives!: RouteAlternative[];

  @Field()
  decidedAt!: Date;
}

@ObjectType()
export class PayoutAttemptView {
  @Field()
  rail!: string;

  @Field({ description: 'sent, soft_failure, hard_failure, failed or succeeded.' })
  outcome!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field()
  at!: Date;
}

@ObjectType({ description: 'Something an admin must decide about a payout (resolveManualStep).' })
export class ManualStepView {
  @Field(() => ID)
  id!: string;

  @Field()
  kind!: string;

  @Field()
  description!: string;

  @Field(() => [String], { description: 'REFUND, or RETRY_ON_RAIL:<rail>.' })
  options!: string[];

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  resolution!: string | null;
}

@ObjectType({ description: 'The payout side of a transfer: what is delivered, where, and where settlement stands.' })
export class PayoutDetails {
  @Field(() => PayoutNetworkEnum)
  network!: PayoutNetworkEnum;

  @Field({ description: 'The destination, masked.' })
  destination!: string;

  @Field(() => Money, { description: 'What the beneficiary receives.' })
  targetAmount!: Money;

  @Field(() => DecimalScalar)
  rate!: string;

  @Field(() => ID, { nullable: true })
  quoteId!: string | null;

  @Field(() => String, { nullable: true })
  rail!: string | null;

  @Field({ description: 'queued, sending, sent, settled, failed, cancelled or manual.' })
  stage!: string;

  @Field(() => [PayoutAttemptView])
  attempts!: PayoutAttemptView[];

  @Field(() => [ManualStepView])
  manualSteps!: ManualStepView[];
}
