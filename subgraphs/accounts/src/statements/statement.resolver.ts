import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { notFound, unwrap } from '@orquesta/graphql';
import type { AccountsContext } from '../accounts.context';
import { StatementPdf } from './statement.type';

@ArgsType()
class StatementPdfArgs {
  @Field(() => ID)
  accountId!: string;

  @Field({ description: 'A calendar month, UTC, such as 2025-01.' })
  month!: string;

  @Field()
  currency!: string;
}

@Resolver()
export class StatementPdfResolver {
  @Query(() => StatementPdf, { description: "A month's statement as a PDF: opening and closing balances, every posted entry, totals that add up to the ledger." })
  async statementPdf(@Args() { accountId, month, currency }: StatementPdfArgs, @Ctx() ctx: AccountsContext): Promise<StatementPdf> {
    // Another tenant's account is simply not found, like a missing one.
    const account = await ctx.loaders.account.load(accountId);
    if (!account) return unwrap(notFound('Account', accountId));
    const file = unwrap(await ctx.services.statements.pdf(ctx.request, { id: accountId, name: account.name }, month, currency));
    return { fileName: file.fileName, contentType: 'application/pdf', byteSize: file.pdf.length, base64: file.pdf.toString('base64') };
  }
}
