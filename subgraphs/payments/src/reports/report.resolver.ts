import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { unwrap } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { ReportGroupBy, ReportPeriod, ReportSummary, SeriesInterval, VolumeSeries } from './report.type';

@ArgsType()
class PeriodArgs {
  @Field(() => ReportPeriod)
  period!: ReportPeriod;

  @Field(() => Date, { nullable: true, description: 'CUSTOM: the start; otherwise any instant inside the wanted period (default now).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'CUSTOM only: the end (exclusive).' })
  to?: Date | null;
}

@ArgsType()
class SummaryArgs extends PeriodArgs {
  // Required, no schema default: an enum default reaches a federated resolver as its name.
  @Field(() => ReportGroupBy)
  groupBy!: ReportGroupBy;
}

@ArgsType()
class SeriesArgs extends PeriodArgs {
  @Field(() => SeriesInterval)
  interval!: SeriesInterval;
}

@Resolver()
export class ReportResolver {
  @Query(() => ReportSummary, { description: 'Volume, counts, fees, success rate, settlement time per group, with the previous period for comparison.' })
  async reportSummary(@Args() args: SummaryArgs, @Ctx() ctx: PaymentsContext): Promise<ReportSummary> {
    return unwrap(await ctx.services.reports.summary(ctx.request, args));
  }

  @Query(() => VolumeSeries, { description: 'Volume and counts per hour, day or week, for charts.' })
  async volumeSeries(@Args() args: SeriesArgs, @Ctx() ctx: PaymentsContext): Promise<VolumeSeries> {
    return unwrap(await ctx.services.reports.volumeSeries(ctx.request, args));
  }
}
