import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { SubgraphDefinition } from '@orquesta/graphql';
import { buildAccountsSchema, createAccountsDataSource, defineAccountsSubgraph, ACCOUNTS_SCHEMA } from '@orquesta/accounts';
import { agentDirectory, buildAgentsSchema, createAgentsDataSource, defineAgentsSubgraph, AGENTS_SCHEMA } from '@orquesta/agents';
import { buildPaymentsSchema, createPaymentsDataSource, definePaymentsSubgraph, payoutsInFlight, PAYMENTS_SCHEMA } from '@orquesta/payments';
import { buildStreamsSchema, createStreamsDataSource, defineStreamsSubgraph, STREAMS_SCHEMA } from '@orquesta/streams';
import { buildTreasurySchema, createTreasuryDataSource, defineTreasurySubgraph, TREASURY_SCHEMA } from '@orquesta/treasury';

export type SubgraphName = 'accounts' | 'payments' | 'agents' | 'streams' | 'treasury';

/** Everything the platform needs to know about one subgraph, in one row. */
export interface SubgraphModule {
  readonly name: SubgraphName;
  /** The PostgreSQL schema it owns. */
  readonly schema: string;
  /** Port in distributed mode (overridable with ORQUESTA_<NAME>_URL on the gateway). */
  readonly port: number;
  buildSchema(): Promise<GraphQLSchema>;
  createDataSource(url: string, poolSize?: number): DataSource;
  define(dataSource: DataSource, env?: NodeJS.ProcessEnv): Promise<SubgraphDefinition<object>>;
}

// The host wires the modules' ports: accounts learns about agents, treasury about payouts,
// through functions those modules export (neither imports the other's package).
export const SUBGRAPHS: readonly SubgraphModule[] = [
  { name: 'accounts', schema: ACCOUNTS_SCHEMA, port: 4001, buildSchema: buildAccountsSchema, createDataSource: createAccountsDataSource, define: (dataSource, env = process.env) => defineAccountsSubgraph(dataSource, env, { agents: agentDirectory }) },
  { name: 'payments', schema: PAYMENTS_SCHEMA, port: 4002, buildSchema: buildPaymentsSchema, createDataSource: createPaymentsDataSource, define: definePaymentsSubgraph },
  { name: 'agents', schema: AGENTS_SCHEMA, port: 4003, buildSchema: buildAgentsSchema, createDataSource: createAgentsDataSource, define: defineAgentsSubgraph },
  { name: 'streams', schema: STREAMS_SCHEMA, port: 4004, buildSchema: buildStreamsSchema, createDataSource: createStreamsDataSource, define: defineStreamsSubgraph },
  { name: 'treasury', schema: TREASURY_SCHEMA, port: 4005, buildSchema: buildTreasurySchema, createDataSource: createTreasuryDataSource, define: (dataSource) => defineTreasurySubgraph(dataSource, { payouts: payoutsInFlight }) },
];

export function findSubgraph(name: string): SubgraphModule | undefined {
  return SUBGRAPHS.find((subgraph) => subgraph.name === name);
}

/** Where the gateway reaches a subgraph in distributed mode. */
export function subgraphUrl(module: SubgraphModule, env: NodeJS.ProcessEnv = process.env): string {
  return env[`ORQUESTA_${module.name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${module.port}/graphql`;
}

