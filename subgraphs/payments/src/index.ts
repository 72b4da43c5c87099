export { PAYMENTS_SCHEMA, paymentsMigrations, createPaymentsDataSource, buildPaymentsSchema, definePaymentsSubgraph } from './payments-subgraph';
export { createPayoutSettlement, startPayoutSettlementWorker, sweepStuckPayouts, SOFT_FAILURES_MAX, type PayoutSettlement } from './payouts/payout-settlement.job';
export { createPayoutQueue, type PayoutQueue, type PayoutSettlementJob } from './payouts/payout-settlement.queue';
export { startApprovalExpiryWorker } from './agent-actions/approval-expiry.job';
export { createApprovalDecisionService, type ApprovalDecisionService } from './agent-actions/approval-decision.service';
