// The package's pieces, for scripts that want one of them without running the whole bench
// (`main.ts` is the entry point and is not exported: importing it would start a run).
export { ACCOUNTS_50_QUERY, ACCOUNTS_50_REQUEST_BODY, checkAccounts50Body, type Accounts50Check } from './accounts50.query';
export { loadBenchConfig, redactUrl, TARGET, type BenchConfig } from './bench.config';
export { cpuBetween, takeCpuSnapshot, type CpuBreakdown, type CpuSnapshot } from './cpu-usage.sampler';
export { seedDemoTenant, type SeedResult, type SeedTarget } from './demo-tenant.seed';
export { runGatewayLoad, type GatewayLoadOptions, type GatewayLoadResult, type LoadPhaseResult } from './gateway-load.runner';
export { createGraphqlClient, type GraphqlClient } from './graphql.client';
export { LatencyRecorder, nearestRank, type LatencySummary } from './latency.stats';
export { parsePgbenchOutput, runPgbench, type PgbenchOptions, type PgbenchResult } from './pgbench.runner';
export { findFreePort, startPlatform, type PlatformProcess, type PlatformProcessOptions } from './platform.process';
export { evaluateTarget, formatReportTable, type BenchReport, type TargetVerdict } from './report';
