import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs, pageRequest, requireAgentPermission, unwrap } from '@orquesta/graphql';
import type { StreamsContext } from '../streams.context';
import { Account, StreamConnection } from './stream.type';

@Resolver(() => Account)
export class AccountStreamsResolver {
  @FieldResolver(() => StreamConnection, { description: 'Streams this account sends or receives, newest first.' })
  async streams(@Root() account: Account, @Args() { first, after }: PageArgs, @Ctx() ctx: StreamsContext): Promise<StreamConnection> {
    const page = unwrap(pageRequest(first, after));
    requireAgentPermission(ctx.request, 'streams.view');
    return (await ctx.loaders.streamsByAccount.load({ parentId: account.id, page })) as StreamConnection;
  }
}
