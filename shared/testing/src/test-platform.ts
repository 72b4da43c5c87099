import { startPlatform, type Platform } from '@orquesta/gateway';
import { testDatabaseUrl, testRedisUrl } from './test-environment';

/**
 * The whole platform, all-in-one, on a free port against the test database and Redis. Small
 * pools, so several test files can run side by side within PostgreSQL's connection limit.
 */
export function startTestPlatform(env: NodeJS.ProcessEnv = {}, options: { socketRecheckMs?: number } = {}): Promise<Platform> {
  return startPlatform({
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), ...env },
    port: 0,
    seedDemo: false,
    poolSize: 3,
    webDist: '/nonexistent',
    ...options,
  });
}
