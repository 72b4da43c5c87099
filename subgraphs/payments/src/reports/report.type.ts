import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '@orquesta/money';

export enum ReportPeriod {
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
  CUSTOM = 'custom',
}
registerEnumType(ReportPeriod, {
  name: 'ReportPeriod',
  description: 'DAY, WEEK (ISO, from Monday) and MONTH are UTC calendar periods: the one containing `from`, or the current one. CUSTOM is [from, to).',
});

export enum ReportGroupBy {
  CORRIDOR = 'corridor',
  RAIL = 'rail',
  CURRENCY = 'currency',
  AGENT = 'agent',
  ACCOUNT = 'account',
}
registerEnumType(ReportGroupBy, { name: 'ReportGroupBy', description: 'CORRIDOR and RAIL group payouts (other transfers under "none"); AGENT groups what agents started; ACCOUNT is the paying account.' });

export enum SeriesInterval {
  HOUR = 'hour',
  DAY = 'day',
  WEEK = 'week',
}
registerEnumType(SeriesInterval, { name: 'SeriesInterval' });

@ObjectType({ description: 'What moved in one currency over a period. Amounts are Money; rates are fractions 0 to 1.' })
export class ReportFigures {
  @Field()
  currency!: string;

  @Field(() => Money, { description: 'Sum of completed transfers.' })
  volume!: Money;

  @Field(() => Int, { description: 'Transfers created in the period, in any status.' })
  count!: number;

  @Field(() => Int)
  completedCount!: number;

  @Field(() => Money, { description: 'Fees charged on completed transfers.' })
  fees!: Money;

  @Field(() => Float, { nullable: true, description: 'Completed over finished (completed, failed, cancelled, manual intervention); null when none finished.' })
  successRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean seconds from creation to completion of completed transfers.' })
  averageSettlementSeconds!: number | null;

  @Field(() => Money, { description: 'Refunds issued (zero until the refunds module reports them).' })
  refunds!: Money;

  @Field(() => Int, { description: 'Disputes opened (zero until the disputes module reports them).' })
  disputes!: number;

  @Field(() => Money, { description: 'Money streamed out (zero until the streams module reports it).' })
  streamOutflow!: Money;
}

@ObjectType()
export class ReportGroup {
  @Field({ description: 'The corridor (USD-MXN), rail, currency, agent id or account id; "none" for transfers without one.' })
  key!: string;

  @Field(() => ReportFigures)
  figures!: ReportFigures;

  @Field(() => ReportFigures, { nullable: true, description: 'The same group in the previous period, if it had any transfers.' })
  previous!: ReportFigures | null;
}

@ObjectType({ description: 'A period summary with the period before it, for comparison.' })
export class ReportSummary {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field()
  previousFrom!: Date;

  @Field()
  previousTo!: Date;

  @Field(() => ReportGroupBy)
  groupBy!: ReportGroupBy;

  @Field(() => [ReportFigures], { description: 'Per currency, the whole period.' })
  totals!: ReportFigures[];

  @Field(() => [ReportFigures], { description: 'Per currency, the previous period.' })
  previousTotals!: ReportFigures[];

  @Field(() => [ReportGroup])
  groups!: ReportGroup[];
}

@ObjectType()
export class VolumePoint {
  @Field({ description: 'Start of the bucket (UTC).' })
  at!: Date;

  @Field()
  currency!: string;

  @Field(() => Money)
  volume!: Money;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  successRate!: number | null;
}

@ObjectType()
export class VolumeSeries {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => SeriesInterval)
  interval!: SeriesInterval;

  @Field(() => [VolumePoint], { description: 'Buckets with transfers, oldest first, one per currency.' })
  points!: VolumePoint[];
}
