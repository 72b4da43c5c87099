import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar, Money, MoneyInput } from '@orquesta/money';

@ObjectType({ description: 'A payout provider on a payment network (SPEI, Pix, PSE/ACH Colombia, ACH, M-Pesa, USDC).' })
export class Rail {
  @Field({ description: 'Stable code, such as "spei_stp".' })
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'SPEI, PIX, PSE, ACH, MPESA or USDC.' })
  network!: string;

  @Field({ description: 'The currency it delivers.' })
  currency!: string;

  @Field(() => Int, { description: "The provider's fee in basis points of the delivered amount." })
  feeBps!: number;

  @Field(() => Money, { description: "The provider's fixed fee per payout." })
  feeFixed!: Money;

  @Field(() => Money)
  minAmount!: Money;

  @Field(() => Money)
  maxAmount!: Money;

  @Field(() => Int, { description: 'Typical seconds from acceptance to the final answer.' })
  settlementSeconds!: number;
}

@ObjectType({ description: 'A currency pair the platform pays out on, with the rails that serve it.' })
export class Corridor {
  @Field({ description: 'Such as "USD-MXN".' })
  code!: string;

  @Field()
  fromCurrency!: string;

  @Field()
  toCurrency!: string;

  @Field(() => String, { nullable: true, description: 'The payment network that delivers it; null when no rail serves it yet.' })
  network!: string | null;

  @Field({ description: 'False when no rail serves the corridor yet.' })
  available!: boolean;

  @Field(() => [Rail])
  rails!: Rail[];
}

@ObjectType({ description: "A tenant's routing rule: on a corridor and amount range, try these rails in this order." })
export class RoutingRule {
  @Field(() => ID)
  id!: string;

  @Field()
  corridor!: string;

  @Field(() => Money, { nullable: true })
  minAmount!: Money | null;

  @Field(() => Money, { nullable: true })
  maxAmount!: Money | null;

  @Field(() => [String])
  rails!: string[];

  @Field()
  createdAt!: Date;
}

@InputType()
export class CreateRoutingRuleInput {
  @Field({ description: 'Such as "USD-MXN".' })
  corridor!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Lowest delivered amount the rule covers, in the corridor\'s target currency.' })
  minAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  maxAmount?: string | null;

  @Field(() => [String], { description: 'Rail codes in the order to try them.' })
  rails!: string[];
}

@ObjectType()
export class RailFloatView {
  @Field()
  rail!: string;

  @Field(() => Money, { description: "The platform's money at the provider: funded less paid out." })
  balance!: Money;

  @Field(() => Money, { description: 'Payouts sent to the rail and not yet final.' })
  inFlight!: Money;

  @Field({ description: 'True when the balance does not cover what is in flight.' })
  low!: boolean;
}

@ObjectType()
export class CurrencyLiquidity {
  @Field()
  currency!: string;

  @Field(() => Money)
  balance!: Money;

  @Field(() => Money)
  inFlight!: Money;
}

@ObjectType()
export class LiquidityAlert {
  @Field()
  rail!: string;

  @Field(() => Money, { description: 'How much more the float needs to cover what is in flight.' })
  shortfall!: Money;

  @Field()
  message!: string;
}

@ObjectType({ description: 'Where the money is: floats by rail and currency, what is in flight, and alerts.' })
export class TreasuryOverview {
  @Field(() => [CurrencyLiquidity])
  balances!: CurrencyLiquidity[];

  @Field(() => [RailFloatView])
  floats!: RailFloatView[];

  @Field(() => [LiquidityAlert])
  alerts!: LiquidityAlert[];

  @Field()
  asOf!: Date;
}

@InputType()
export class RebalanceLiquidityInput {
  @Field({ description: 'The rail whose float pays, or "treasury" for the house account.' })
  fromRail!: string;

  @Field()
  toRail!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field()
  idempotencyKey!: string;
}

@ObjectType()
export class ReconciliationItem {
  @Field()
  rail!: string;

  @Field(() => ID)
  transferId!: string;

  @Field({ description: 'matched, amount_mismatch, missing_in_ledger or missing_at_rail.' })
  outcome!: string;

  @Field(() => Money, { nullable: true })
  ledgerAmount!: Money | null;

  @Field(() => Money, { nullable: true })
  railAmount!: Money | null;
}

@ObjectType({ description: "One comparison of the ledger with every rail's statement." })
export class ReconciliationRun {
  @Field(() => ID)
  id!: string;

  @Field()
  startedAt!: Date;

  @Field()
  finishedAt!: Date;

  @Field(() => Int)
  matched!: number;

  @Field(() => Int)
  mismatched!: number;

  @Field(() => [ReconciliationItem], { description: 'Every payout compared, mismatches first.' })
  items!: ReconciliationItem[];
}

@ObjectType()
export class FxRatePoint {
  @Field(() => DecimalScalar)
  rate!: string;

  @Field()
  asOf!: Date;

  @Field()
  source!: string;
}
