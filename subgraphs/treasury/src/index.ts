export { createFxRateService, type FxRateService, type FxRateRecord } from './fx-rates/fx-rate.service';
export { startRateFeedWorker, rateFeedIntervalMs, tickRateFeed } from './fx-rates/rate-feed.job';
export { TREASURY_SCHEMA, treasuryMigrations, createTreasuryDataSource, buildTreasurySchema, defineTreasurySubgraph } from './treasury-subgraph';
export * from './rails/rail.catalogue';
export { checkDestination, isValidClabe, isValidCpf, isValidCnpj, isValidRoutingNumber, pixKeyKind, type PayoutDestination } from './rails/destination.validation';
export { createSimulatedRail, createSimulatedRails, scriptedOutcome, type RailStatementLine, type SimulatedOutcome, type SimulatorOptions } from './rails/rail-simulator';
export {
  railCallbackSecret,
  signRailCallback,
  verifyRailCallback,
  RailError,
  RAIL_SIGNATURE_HEADER,
  type RailCallback,
  type RailPayout,
  type RailPayoutRequest,
  type RailPayoutStatus,
  type RailProvider,
  type RailRegistry,
} from './rails/rail-provider';
export { createRoutingService, type RouteAlternative, type RouteDecision, type RoutingService } from './routing/routing.service';
export { railFloatAccount, isLow } from './liquidity/liquidity.service';
export type { PayoutsInFlight, RailInFlight } from './liquidity/payouts-in-flight.port';
export { createReconciliationService, type ReconciliationService } from './reconciliation/reconciliation.service';
export { startReconciliationWorker, reconciliationIntervalMs } from './reconciliation/reconciliation.job';
