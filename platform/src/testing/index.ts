// Test fixtures that need the services: the whole platform on a free port, and tenants made
// through the accounts subgraph. Library tests use @orquesta/testing, which knows no service.
export { startTestPlatform } from './test-platform';
export { createTestTenant, type TestTenant } from './tenant.factory';
export { startPlatformProcess, PlatformExitedError, type PlatformProcess } from './platform-process';
export { crashingSettlement, ORDINARY_SETTLEMENT } from './settlement-hooks';
