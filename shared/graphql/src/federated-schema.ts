import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])\n';

/**
 * A Federation 2 subgraph schema from type-graphql resolvers: type-graphql builds the schema
 * (without its own checks, the federation directives are not yet defined), we print it with
 * its directives, prefix the federation link and let @apollo/subgraph build the subgraph with
 * type-graphql's resolvers plus the entities' reference resolvers.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: GraphQLResolverMap<unknown> = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, extra] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(extra as object) } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs: parse(FEDERATION_LINK + printSchemaWithDirectives(schema)), resolvers });
}
