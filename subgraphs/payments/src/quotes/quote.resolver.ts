import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound, ok, unwrap, requirePermission, requireAgentPermission } from '@orquesta/graphql';
import type { PaymentsContext } from '../payments.context';
import { CreateQuoteInput, CreateQuotePayload, Quote } from './quote.type';

@Resolver(() => Quote)
export class QuoteResolver {
  @Mutation(() => CreateQuotePayload, { description: 'Prices a conversion with treasury rates and the platform fee; the rate is locked for 5 minutes.' })
  async createQuote(@Arg('input') input: CreateQuoteInput, @Ctx() ctx: PaymentsContext): Promise<CreateQuotePayload> {
    requirePermission(ctx.request, 'money:move');
    requireAgentPermission(ctx.request, 'transactions.initiate');
    return { quote: unwrap(await ctx.services.quotes.create(ctx.request, input)) };
  }

  @Query(() => Quote, { nullable: true })
  async quote(@Arg('id', () => ID) id: string, @Ctx() ctx: PaymentsContext): Promise<Quote> {
    const quote = await ctx.services.quotes.get(ctx.request, id);
    return unwrap(quote ? ok(quote) : notFound<Quote>('Quote', id));
  }
}
