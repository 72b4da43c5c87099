import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { CreateStreams1732300000005 } from './migrations/1732300000005-create-streams';
import { AuditStreams1732300000203 } from './migrations/1732300000203-audit-streams';
import { createStreamsContext, type StreamsContext } from './streams.context';
import { AccountStreamsResolver } from './streams/stream.resolver';
import { Account, Stream } from './streams/stream.type';
import { createStreamService } from './streams/stream.service';
import { streamFromRow } from './streams/stream.record';

export const STREAMS_SCHEMA = 'streams';
export const streamsMigrations = [CreateStreams1732300000005, AuditStreams1732300000203];

export function createStreamsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: STREAMS_SCHEMA, url, entities: [], migrations: streamsMigrations, poolSize });
}

export function buildStreamsSchema(): Promise<GraphQLSchema> {
  // No root fields yet: the types are listed so type-graphql keeps them.
  return buildFederatedSchema(
    { resolvers: [AccountStreamsResolver], orphanedTypes: [Account, Stream] },
    {
      Stream: {
        __resolveReference: async (reference: { id: string }, ctx: StreamsContext) => {
          const [row] = await ctx.services.streams.getMany(ctx.request, [reference.id]);
          return row ? streamFromRow(row) : null;
        },
      },
    },
  );
}

export async function defineStreamsSubgraph(dataSource: DataSource): Promise<SubgraphDefinition<StreamsContext>> {
  const services = { streams: createStreamService({ dataSource }) };
  return {
    name: 'streams',
    schema: await buildStreamsSchema(),
    createContext: (request) => createStreamsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
