export { PAYMENTS_SCHEMA, paymentsMigrations, createPaymentsDataSource, buildPaymentsSchema, definePaymentsSubgraph, exportUrlOptions } from './payments-subgraph';
export { createPayoutSettlement, startPayoutSettlementWorker, sweepStuckPayouts, SOFT_FAILURES_MAX, type PayoutSettlement } from './payouts/payout-settlement.job';
export { createPayoutQueue, type PayoutQueue, type PayoutSettlementJob } from './payouts/payout-settlement.queue';
export { createExportBuilder, createExportQueue, startExportBuildWorker, EXPORT_TTL_MS_DEFAULT, type ExportBuilder, type ExportQueue } from './exports/export-build.job';
export { exportStorageConfig, storageFor, type ExportStorageConfig } from './exports/export.storage';
export { openExportDownload, type ExportDownload } from './exports/export.download';
export { EXPORT_DOWNLOAD_PATH, signExportUrl } from './exports/export.signing';
