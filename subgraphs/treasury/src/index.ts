export { createFxRateService, type FxRateService, type FxRateRecord } from './fx-rates/fx-rate.service';
export { TREASURY_SCHEMA, treasuryMigrations, createTreasuryDataSource, buildTreasurySchema, defineTreasurySubgraph } from './treasury-subgraph';
