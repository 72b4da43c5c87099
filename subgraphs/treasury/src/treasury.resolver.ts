import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { unwrap } from '@orquesta/graphql';
import { Currency } from './currencies/currency.type';
import { FxRate } from './fx-rates/fx-rate.type';
import type { TreasuryContext } from './treasury.context';

@Resolver()
export class TreasuryResolver {
  @Query(() => [Currency], { description: 'Every currency the platform holds.' })
  currencies(@Ctx() ctx: TreasuryContext): Promise<Currency[]> {
    return ctx.services.currencies.list();
  }

  @Query(() => FxRate, { nullable: true, description: 'The latest rate from one currency to another; null when none is known.' })
  async fxRate(@Arg('from') from: string, @Arg('to') to: string, @Ctx() ctx: TreasuryContext): Promise<FxRate | null> {
    return unwrap(await ctx.services.fxRates.latest(from, to));
  }
}
