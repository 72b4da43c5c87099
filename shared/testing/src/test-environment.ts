import type { Pool } from 'pg';
import { redisNamespace } from '@orquesta/context';
import { createPool, databaseUrls } from '@orquesta/db';

/** The database every test talks to: DATABASE_URL as the test runner sets it, or orquesta_test. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_test';
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** The test deployment's Redis namespace (its queues, channels and limiter keys). */
export function testRedisNamespace(): string {
  return redisNamespace({ ...process.env, DATABASE_URL: testDatabaseUrl() });
}

let systemPool: Pool | undefined;

/** A pool on the system role (crosses tenants): for factories and assertions, never for code under test. */
export function testSystemPool(): Pool {
  systemPool ??= createPool({ connectionString: databaseUrls(testDatabaseUrl()).system, max: 3, applicationName: 'orquesta-test' });
  return systemPool;
}

export async function closeTestPools(): Promise<void> {
  const pool = systemPool;
  systemPool = undefined;
  if (pool) await pool.end();
}
