import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource } from '@orquesta/db';
import { buildFederatedSchema, type SubgraphDefinition } from '@orquesta/graphql';
import { createLedger, createMoneyPath } from '@orquesta/ledger';
import { loadConfig } from '@orquesta/context';
import { createFxRateService } from '@orquesta/treasury';
import { ApprovalDecisionResolver } from './agent-actions/approval-decision.resolver';
import { createApprovalDecisionService } from './agent-actions/approval-decision.service';
import { CreateTransfers1732300000004 } from './migrations/1732300000004-create-transfers';
import { AuditPayments1732300000202 } from './migrations/1732300000202-audit-payments';
import { TransfersOnLedger1732300000007 } from './migrations/1732300000007-transfers-on-ledger';
import { CreatePayouts1732300000021 } from './migrations/1732300000021-create-payouts';
import { AgentApprovals1732300000211 } from './migrations/1732300000211-agent-approvals';
import { CreateExports1732300000510 } from './migrations/1732300000510-create-exports';
import { ExportResolver } from './exports/export.resolver';
import { ReportResolver } from './reports/report.resolver';
import { createReportService } from './reports/report.service';
import { createExportService } from './exports/export.service';
import { exportUrlSecret } from './exports/export.signing';
import { AuditDisputes1732300000603, AuditRefunds1732300000601, CreateDisputes1732300000602, CreateRefunds1732300000600 } from './migrations/1732300000600-create-refunds';
import { PayoutResolver } from './payouts/payout.resolver';
import { createPayoutService } from './payouts/payout.service';
import { createPaymentsContext, type PaymentsContext, type PaymentsServices } from './payments.context';
import { QuoteResolver } from './quotes/quote.resolver';
import { createQuoteService, DEFAULT_FEE_BPS } from './quotes/quote.service';
import { DisputeResolver } from './disputes/dispute.resolver';
import { createDisputeService } from './disputes/dispute.service';
import { RefundResolver, TransferRefundsResolver } from './refunds/refund.resolver';
import { createRefundService } from './refunds/refund.service';
import { AccountTransfersResolver, TransferResolver } from './transfers/transfer.resolver';
import { createTransferService } from './transfers/transfer.service';

export const PAYMENTS_SCHEMA = 'payments';
export const paymentsMigrations = [CreateTransfers1732300000004, TransfersOnLedger1732300000007, CreatePayouts1732300000021, AuditPayments1732300000202, AgentApprovals1732300000211, CreateExports1732300000510, CreateRefunds1732300000600, AuditRefunds1732300000601, CreateDisputes1732300000602, AuditDisputes1732300000603];

export function createPaymentsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({ schema: PAYMENTS_SCHEMA, url, entities: [], migrations: paymentsMigrations, poolSize });
}

export function buildPaymentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [TransferResolver, AccountTransfersResolver, QuoteResolver, PayoutResolver, ApprovalDecisionResolver, ExportResolver, ReportResolver, RefundResolver, TransferRefundsResolver, DisputeResolver] },
    {
      Transfer: {
        __resolveReference: (reference: { id: string }, ctx: PaymentsContext) => ctx.loaders.transfer.load(reference.id),
      },
    },
  );
}

/** ORQUESTA_PLATFORM_FEE_BPS: the fee quotes charge, in basis points (default 50 = 0.50%). */
function platformFeeBps(env: NodeJS.ProcessEnv): number {
  const configured = env.ORQUESTA_PLATFORM_FEE_BPS;
  return configured === undefined || configured === '' ? DEFAULT_FEE_BPS : Number(configured);
}

/** How export download URLs are signed (ORQUESTA_EXPORT_URL_SECRET) and prefixed (ORQUESTA_PUBLIC_URL). */
export function exportUrlOptions(env: NodeJS.ProcessEnv): { secret: string; baseUrl?: string } {
  return { secret: exportUrlSecret(env, loadConfig(env).contextSecret), baseUrl: env.ORQUESTA_PUBLIC_URL?.replace(/\/$/, '') || undefined };
}

export async function definePaymentsSubgraph(dataSource: DataSource, env: NodeJS.ProcessEnv = process.env): Promise<SubgraphDefinition<PaymentsContext>> {
  const ledger = createLedger();
  const moveMoney = createMoneyPath({ dataSource, ledger });
  const fxRates = createFxRateService({ dataSource });
  const feeBps = platformFeeBps(env);
  const services: PaymentsServices = {
    transfers: createTransferService({ dataSource, moveMoney }),
    quotes: createQuoteService({ dataSource, fxRates, feeBps }),
    payouts: createPayoutService({ dataSource, ledger, moveMoney, fxRates, feeBps }),
    approvals: createApprovalDecisionService({ dataSource, ledger }),
    exports: createExportService({ dataSource, urls: exportUrlOptions(env) }),
    reports: createReportService({ dataSource }),
    refunds: createRefundService({ dataSource, moveMoney }),
    disputes: createDisputeService({ dataSource, ledger, moveMoney }),
  };
  return {
    name: 'payments',
    schema: await buildPaymentsSchema(),
    createContext: (request) => createPaymentsContext(request, services),
    ready: async () => dataSource.query('SELECT 1').then(() => true),
  };
}
