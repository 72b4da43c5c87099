export { TREASURY_SCHEMA, treasuryMigrations, createTreasuryDataSource, buildTreasurySchema, defineTreasurySubgraph } from './treasury-subgraph';
