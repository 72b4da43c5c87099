import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPool, databaseName, databaseUrls } from '@orquesta/db';
import {
  closeTestPools,
  createAccountVia,
  depositVia,
  postGraphQL,
  startPrivatePostgres,
  startPrivateRedis,
  type PrivatePostgres,
  type PrivateRedis,
} from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// PostgreSQL and Redis connections come and go; the platform process stays, answers meanwhile
// (a retryable SERVICE_UNAVAILABLE at worst, never an internal error or SQL text), says so on
// /readyz, and serves again once they are back, without a restart. The platform runs in this
// test's own process: an unhandled 'error' event would end the test run itself.

const RECOVERY_MS_MAX = 5_000;
const cleanups: Array<() => Promise<void>> = [];

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await closeTestPools();
});

interface Outcome {
  readonly at: number;
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
}

const TRANSFER = 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }';

async function attempt(url: string, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  try {
    const response = await postGraphQL(url, apiKey, query, variables);
    const error = response.errors?.[0];
    return { at: Date.now(), ok: !error && response.status === 200, code: error?.extensions?.code, message: error?.message };
  } catch (error) {
    return { at: Date.now(), ok: false, code: 'NETWORK', message: error instanceof Error ? error.message : String(error) };
  }
}

/** `clients` loops of reads and small transfers until stopped; every outcome is kept. */
function startLoad(url: string, tenant: TestTenant, accounts: string[], clients = 8) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let i = 0; running; i += 1) {
      const outcome =
        i % 2 === 0
          ? await attempt(url, tenant.apiKey, '{ accounts(first: 5) { nodes { id } } }')
          : await attempt(url, tenant.apiKey, TRANSFER, {
              input: { fromAccountId: accounts[client % 2], toAccountId: accounts[(client + 1) % 2], amount: { amount: '0.01', currency: 'USD' }, idempotencyKey: randomUUID() },
            });
      outcomes.push(outcome);
      if (!outcome.ok) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Every failure was a retryable SERVICE_UNAVAILABLE: no internal error, no driver or SQL text. */
function assertOnlyRetryableFailures(outcomes: Outcome[]): void {
  const failures = outcomes.filter((outcome) => !outcome.ok);
  for (const failure of failures) {
    assert.equal(failure.code, 'SERVICE_UNAVAILABLE', `a failure under connection loss: ${JSON.stringify(failure)}`);
    assert.doesNotMatch(failure.message ?? '', /select|insert|terminat|relation|pg_|ECONN/i);
  }
  assert.ok(outcomes.filter((outcome) => outcome.ok).length > 0, 'requests succeeded around the losses');
}

/** How long after `since` a fresh read first succeeds (polled every 100 ms). */
async function recoveryMs(url: string, apiKey: string, since: number): Promise<number> {
  for (;;) {
    const outcome = await attempt(url, apiKey, '{ accounts(first: 1) { nodes { id } } }');
    if (outcome.ok) return outcome.at - since;
    if (Date.now() - since > 30_000) throw new Error(`no recovery in 30 s: ${JSON.stringify(outcome)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readiness(port: number): Promise<{ status: number; body: { status: string; down?: string[] } }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as { status: string; down?: string[] } };
}

async function fundedPair(platform: Platform, tenant: TestTenant): Promise<string[]> {
  const accounts = [await createAccountVia(platform.url, tenant.apiKey, 'Load A'), await createAccountVia(platform.url, tenant.apiKey, 'Load B')];
  for (const account of accounts) await depositVia(platform.url, tenant.apiKey, account, '1000.00');
  return accounts;
}

describe('PostgreSQL connections terminated under load', () => {
  test('pg_terminate_backend on every connection of the platform: it keeps answering and recovers', async () => {
    // A PostgreSQL of this test's own: terminating "every connection to the platform's database"
    // touches nobody else's, and the shared server carries none of this platform's connections.
    const postgres = await startPrivatePostgres();
    cleanups.push(() => postgres.stop());
    const databaseUrl = postgres.urlFor('orquesta_drops');
    const platform = await startTestPlatform({ DATABASE_URL: databaseUrl });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await platform.stop();
    });
    const system = createPool({ connectionString: databaseUrls(databaseUrl).system, max: 2, applicationName: 'orquesta-test' });
    cleanups.push(() => system.end());
    const tenant = await createTestTenant({ pool: system });
    const accounts = await fundedPair(platform, tenant);

    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    const killer = new Client({ connectionString: admin.toString() });
    killer.on('error', () => undefined);
    await killer.connect();
    cleanups.push(() => killer.end());

    const load = startLoad(platform.url, tenant, accounts);
    const recoveries: number[] = [];
    try {
      for (let round = 0; round < 3; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const { rows } = await killer.query<{ n: number }>(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [databaseName(databaseUrl)],
        );
        assert.ok(rows[0].n > 0, 'connections were terminated');
        recoveries.push(await recoveryMs(platform.url, tenant.apiKey, Date.now()));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await load.stop();
    }
    process.stdout.write(`# recovery after pg_terminate_backend of every connection: ${recoveries.join(', ')} ms; ${load.outcomes.length} requests, ${load.outcomes.filter((o) => !o.ok).length} failed\n`);
    assertOnlyRetryableFailures(load.outcomes);
    for (const ms of recoveries) assert.ok(ms <= RECOVERY_MS_MAX, `recovered in ${ms} ms`);
    // The last second of load went through untouched.
    const tail = load.outcomes.filter((outcome) => outcome.at > Date.now() - 500);
    assert.ok(tail.every((outcome) => outcome.ok), JSON.stringify(tail.filter((outcome) => !outcome.ok)));
    assert.equal((await readiness(platform.port)).status, 200);
    stopped = true;
    await platform.stop();
  });
});

describe('PostgreSQL and Redis restarted under load (private instances)', () => {
  test('the process survives, /readyz goes 503 naming what is down then 200, requests recover', async () => {
    const postgres: PrivatePostgres = await startPrivatePostgres();
    cleanups.push(() => postgres.stop());
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const databaseUrl = postgres.urlFor('orquesta_private');
    const platform = await startTestPlatform({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url });
    cleanups.push(() => platform.stop());
    const system = createPool({ connectionString: databaseUrls(databaseUrl).system, max: 2, applicationName: 'orquesta-test' });
    cleanups.push(() => system.end());
    const tenant = await createTestTenant({ pool: system });
    const accounts = await fundedPair(platform, tenant);
    assert.equal((await readiness(platform.port)).status, 200);

    const load = startLoad(platform.url, tenant, accounts);
    const measured: Record<string, number> = {};
    try {
      for (const [name, restart] of [
        ['postgres', () => postgres.restart({ mode: 'fast', downMs: 2_000 })],
        ['redis', () => redis.restart({ downMs: 2_000 })],
      ] as const) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const probes: Array<{ status: number; down?: string[] }> = [];
        let restarting = true;
        const watching = (async () => {
          while (restarting) {
            const probe = await readiness(platform.port);
            probes.push({ status: probe.status, down: probe.body.down });
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        })();
        await restart();
        const back = Date.now();
        restarting = false;
        await watching;
        assert.ok(probes.some((probe) => probe.status === 503 && probe.down?.includes(name)), `/readyz said ${name} was down: ${JSON.stringify(probes)}`);
        for (;;) {
          const probe = await readiness(platform.port);
          if (probe.status === 200) break;
          assert.ok(Date.now() - back < 30_000, `ready again: ${JSON.stringify(probe.body)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        measured[`${name} ready`] = Date.now() - back;
        measured[`${name} requests`] = await recoveryMs(platform.url, tenant.apiKey, back);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await load.stop();
    }
    process.stdout.write(`# after a restart (ms from the server being back): ${JSON.stringify(measured)}; ${load.outcomes.length} requests, ${load.outcomes.filter((o) => !o.ok).length} failed\n`);
    assertOnlyRetryableFailures(load.outcomes);
    for (const [what, ms] of Object.entries(measured)) assert.ok(ms <= RECOVERY_MS_MAX, `${what} in ${ms} ms`);
  });
});
