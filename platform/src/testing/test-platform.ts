import { captureProcessOutput, testDatabaseUrl, testRedisUrl } from '@orquesta/testing';
import { startPlatform, type Platform } from '../platform';
import { ORDINARY_SETTLEMENT } from './settlement-hooks';

/**
 * The whole platform, all-in-one, on a free port against the test database and Redis. Small
 * pools, so several test files can run side by side within PostgreSQL's connection limit.
 * Everything it logs is captured; `stop()` fails loudly if a full key, token or secret appeared.
 */
export async function startTestPlatform(env: NodeJS.ProcessEnv = {}, options: { socketRecheckMs?: number } = {}): Promise<Platform> {
  const capture = captureProcessOutput('the test platform');
  const platform = await startPlatform({
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), ...env },
    port: 0,
    seedDemo: false,
    poolSize: 3,
    webDist: '/nonexistent',
    testHooks: { payoutSettlement: ORDINARY_SETTLEMENT },
    ...options,
  }).catch((error: unknown) => {
    capture.stop();
    throw error;
  });
  return {
    ...platform,
    async stop() {
      try {
        await platform.stop();
      } finally {
        capture.stop();
      }
    },
  };
}
