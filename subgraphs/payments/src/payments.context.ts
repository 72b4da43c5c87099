import DataLoader from 'dataloader';
import type { RequestContext } from '@orquesta/context';
import { createChildPageLoader, type ChildPageKey, type Connection } from '@orquesta/graphql';
import type { ApprovalDecisionService } from './agent-actions/approval-decision.service';
import type { PayoutRow } from './payouts/payout.record';
import type { ExportService } from './exports/export.service';
import type { PayoutService } from './payouts/payout.service';
import type { ReportService } from './reports/report.service';
import type { QuoteService } from './quotes/quote.service';
import type { RefundRow } from './refunds/refund.record';
import type { RefundService } from './refunds/refund.service';
import type { DisputeService } from './disputes/dispute.service';
import { transferFromRow, type TransferRow } from './transfers/transfer.record';
import type { TransferService } from './transfers/transfer.service';
import type { Transfer } from './transfers/transfer.type';

export interface PaymentsServices {
  readonly transfers: TransferService;
  readonly quotes: QuoteService;
  readonly payouts: PayoutService;
  readonly approvals: ApprovalDecisionService;
  readonly exports: ExportService;
  readonly reports: ReportService;
  readonly refunds: RefundService;
  readonly disputes: DisputeService;
}

export interface PaymentsContext {
  readonly request: RequestContext;
  readonly services: PaymentsServices;
  readonly loaders: {
    readonly transfer: DataLoader<string, Transfer | null>;
    readonly transfersByAccount: DataLoader<ChildPageKey, Connection<Transfer>, string>;
    readonly payout: DataLoader<string, PayoutRow | null>;
    readonly refundsByTransfer: DataLoader<string, RefundRow[]>;
    readonly disputedByTransfer: DataLoader<string, bigint>;
  };
}

export function createPaymentsContext(request: RequestContext, services: PaymentsServices): PaymentsContext {
  return {
    request,
    services,
    loaders: {
      transfer: new DataLoader<string, Transfer | null>(
        async (ids) => {
          const found = new Map((await services.transfers.getMany(request, ids)).map((row) => [row.id, transferFromRow(row)]));
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      ),
      transfersByAccount: createChildPageLoader<TransferRow & { parent_id: string }, Transfer>(
        (accountIds, page) => services.transfers.pagesForAccounts(request, accountIds, page),
        transferFromRow,
      ),
      payout: new DataLoader<string, PayoutRow | null>(
        async (ids) => {
          const found = new Map((await services.payouts.getMany(request, ids)).map((row) => [row.transfer_id, row]));
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      ),
      refundsByTransfer: new DataLoader<string, RefundRow[]>(
        async (ids) => {
          const rows = await services.refunds.forTransfers(request, ids);
          return ids.map((id) => rows.filter((row) => row.transfer_id === id));
        },
        { maxBatchSize: 500 },
      ),
      disputedByTransfer: new DataLoader<string, bigint>(
        async (ids) => {
          const sums = await services.disputes.committedForTransfers(request, ids);
          return ids.map((id) => sums.get(id) ?? 0n);
        },
        { maxBatchSize: 500 },
      ),
    },
  };
}
