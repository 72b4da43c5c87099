export { PAYMENTS_SCHEMA, paymentsMigrations, createPaymentsDataSource, buildPaymentsSchema, definePaymentsSubgraph } from './payments-subgraph';
export { createPayoutSettlement, startPayoutSettlementWorker, sweepStuckPayouts, SOFT_FAILURES_MAX, type PayoutSettlement, type SettlementHooks, type SettlementSubject } from './payouts/payout-settlement.job';
export { payoutsInFlight } from './payouts/payouts-in-flight';
export { createPayoutQueue, type PayoutQueue, type PayoutSettlementJob } from './payouts/payout-settlement.queue';
