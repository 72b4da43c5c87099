export { PAYMENTS_SCHEMA, paymentsMigrations, createPaymentsDataSource, buildPaymentsSchema, definePaymentsSubgraph } from './payments-subgraph';
