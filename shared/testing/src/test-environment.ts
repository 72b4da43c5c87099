import { Client, Pool } from 'pg';
import { redisNamespace } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';

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

/**
 * A database of a test's own on the test server, named after the test database (so only this
 * engineer's runs ever touch it): for a second deployment side by side, or for killing every
 * connection of a platform without touching anyone else's. The platform creates and migrates it.
 */
export function sideDatabaseUrl(label: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1))}_${label}_${process.pid}`;
  return url.toString();
}

/** Drops a side database, ending whatever is still connected to it. */
export async function dropSideDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

let systemPool: Pool | undefined;

/** A pool on the system role (crosses tenants): for factories and assertions, never for code under test. */
export function testSystemPool(): Pool {
  systemPool ??= new Pool({ connectionString: databaseUrls(testDatabaseUrl()).system, max: 3 });
  return systemPool;
}

export async function closeTestPools(): Promise<void> {
  const pool = systemPool;
  systemPool = undefined;
  if (pool) await pool.end();
}
