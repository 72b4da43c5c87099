import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { CreateTransfers1732300000004 } from './migrations/1732300000004-create-transfers';
import { createPaymentsContext, type PaymentsContext, type PaymentsServices } from './payments.context';
import { AccountTransfersResolver } from './transfers/transfer.resolver';
import { Account, Transfer } from './transfers/transfer.type';
import { createTransferService } from './transfers/transfer.service';

export const PAYMENTS_SCHEMA = 'payments';
export const paymentsMigrations = [CreateTransfers1732300000004];

export function createPaymentsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: PAYMENTS_SCHEMA, url, entities: [], migrations: paymentsMigrations, poolSize });
}

export function buildPaymentsSchema(): Promise<GraphQLSchema> {
  // No root fields yet: the types are listed so type-graphql keeps them.
  return buildFederatedSchema({ resolvers: [AccountTransfersResolver], orphanedTypes: [Account, Transfer] });
}

export async function definePaymentsSubgraph(dataSource: DataSource): Promise<SubgraphDefinition<PaymentsContext>> {
  const services: PaymentsServices = { transfers: createTransferService({ dataSource }) };
  return {
    name: 'payments',
    schema: await buildPaymentsSchema(),
    createContext: (request) => createPaymentsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
