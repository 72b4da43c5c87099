import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { redisNamespace } from '@orquesta/context';
import { tenantChannel } from '@orquesta/events';
import { loadBenchConfig } from './bench.config';
import { createGraphqlClient, type GraphqlClient } from './graphql.client';
import { LatencyRecorder, type LatencySummary } from './latency.stats';
import { findFreePort, startPlatform } from './platform.process';

// `npm run bench:webhooks`: webhook deliveries per second to a local receiver with several
// endpoints, latency from commit to first attempt, and relay lag at 1,000 events/s. The
// platform runs in its own process (all-in-one, as `npm start`); the receiver and the event
// writer run here. Events are written straight into the outbox, as a subgraph's transaction would.

const TARGET = { deliveriesPerSecondMin: 1_000, firstAttemptP99MsMax: 1_000, relayLagP99MsMax: 50 } as const;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const settings = {
  endpoints: int('BENCH_WEBHOOK_ENDPOINTS', 4),
  steadyEventsPerSecond: int('BENCH_WEBHOOK_EVENTS_PER_S', 250),
  phaseS: int('BENCH_WEBHOOK_PHASE_S', 10),
  burstEvents: int('BENCH_WEBHOOK_BURST_EVENTS', 2_500),
  relayEventsPerSecond: int('BENCH_RELAY_EVENTS_PER_S', 1_000),
};

function progress(message: string): void {
  process.stderr.write(`[bench:webhooks] ${message}\n`);
}

interface Receipt {
  readonly firstAt: Map<string, number>;
  readonly latency: LatencyRecorder;
  total: number;
  verified: number;
  verifyFailures: number;
}

function startReceiver(secrets: Map<string, string>): Promise<{ server: Server; port: number; receipt: Receipt; reset(): Receipt }> {
  let receipt: Receipt = { firstAt: new Map(), latency: new LatencyRecorder(), total: 0, verified: 0, verifyFailures: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const now = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const key = `${request.url}|${request.headers['webhook-id']}`;
      receipt.total += 1;
      if (!receipt.firstAt.has(key)) {
        receipt.firstAt.set(key, now);
        const payload = JSON.parse(body) as { timestamp: string };
        receipt.latency.record(now - Date.parse(payload.timestamp));
        // Verifying every delivery would measure this process, not the platform: a sample proves the signatures.
        if (receipt.verified + receipt.verifyFailures < 200) {
          try {
            new Webhook(secrets.get(request.url ?? '') ?? '').verify(body, request.headers as Record<string, string>);
            receipt.verified += 1;
          } catch {
            receipt.verifyFailures += 1;
          }
        }
      }
      response.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        get receipt() {
          return receipt;
        },
        reset() {
          receipt = { firstAt: new Map(), latency: new LatencyRecorder(), total: 0, verified: 0, verifyFailures: 0 };
          return receipt;
        },
      }),
    ),
  );
}

async function insertEvents(pool: Pool, tenantId: string, accountId: string, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload)
     SELECT $1::uuid, false, 'account.updated', 'Account', $2::uuid, g, jsonb_build_object('id', $2::text, 'name', 'Bench account', 'version', g)
       FROM generate_series(1, $3) AS g`,
    [tenantId, accountId, count],
  );
}

/** Writes `perSecond` events for `seconds`, in a batch every 20 ms, each batch its own transaction. */
async function writeSteadily(pool: Pool, tenantId: string, accountId: string, perSecond: number, seconds: number): Promise<number> {
  const tickMs = 20;
  const started = Date.now();
  let written = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond) - written;
    if (due > 0) {
      await insertEvents(pool, tenantId, accountId, due);
      written += due;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return written;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

async function setEndpoints(client: GraphqlClient, ids: string[], enabled: boolean): Promise<void> {
  for (const id of ids) {
    await client.request('mutation($id: ID!, $enabled: Boolean) { updateWebhookEndpoint(input: { id: $id, enabled: $enabled }) { endpoint { id } } }', { id, enabled });
  }
}

const round = (value: number) => Math.round(value * 10) / 10;
const summary = (latency: LatencySummary) => ({ count: latency.count, p50Ms: round(latency.p50Ms), p90Ms: round(latency.p90Ms), p99Ms: round(latency.p99Ms), maxMs: round(latency.maxMs) });

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_bench';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  mkdirSync(RESULTS_DIR, { recursive: true });
  const secrets = new Map<string, string>();
  const receiver = await startReceiver(secrets);
  const port = await findFreePort();
  const controller = new AbortController();
  progress(`starting the platform on port ${port}`);
  const platform = await startPlatform({
    entryPath: path.join(REPO_ROOT, 'dist', 'platform', 'src', 'main.js'),
    cwd: REPO_ROOT,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ORQUESTA_DEMO_API_KEY: config.demoApiKey,
      ORQUESTA_WEB_DIST: path.join(RESULTS_DIR, 'no-web-dist'),
      ORQUESTA_WEBHOOK_ALLOWLIST: '127.0.0.1',
    },
    nodeArgs: process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [],
    port,
    readyTimeoutMs: config.readyTimeoutMs,
    logPath: path.join(RESULTS_DIR, 'webhooks-platform.log'),
    signal: controller.signal,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const subscriber = new Redis(redisUrl);
  try {
    const client = createGraphqlClient({ url: `${platform.baseUrl}/graphql`, apiKey: config.demoApiKey, timeoutMs: 10_000, signal: controller.signal });
    const existing = await client.request<{ webhookEndpoints: { nodes: Array<{ id: string }> } }>('{ webhookEndpoints(first: 100) { nodes { id } } }');
    for (const { id } of existing.webhookEndpoints.nodes) await client.request('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }', { id });
    const account = await client.request<{ createAccount: { account: { id: string } } }>('mutation { createAccount(input: { type: BUSINESS, name: "Webhook bench" }) { account { id } } }');
    const accountId = account.createAccount.account.id;
    const { rows } = await pool.query<{ tenant_id: string }>('SELECT tenant_id FROM accounts.accounts WHERE id = $1', [accountId]);
    const tenantId = rows[0].tenant_id;
    const endpointIds: string[] = [];
    for (let i = 0; i < settings.endpoints; i += 1) {
      const created = await client.request<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(
        'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["account.*"] }) { secret endpoint { id } } }',
        { url: `http://127.0.0.1:${receiver.port}/e${i}` },
      );
      secrets.set(`/e${i}`, created.createWebhookEndpoint.secret);
      endpointIds.push(created.createWebhookEndpoint.endpoint.id);
    }
    const relayLag = new LatencyRecorder();
    let relayCounting = false;
    subscriber.on('message', (_channel, message) => {
      if (!relayCounting) return;
      const event = JSON.parse(message) as { type: string; createdAt: string };
      if (event.type === 'account.updated') relayLag.record(Date.now() - Date.parse(event.createdAt));
    });
    await subscriber.subscribe(tenantChannel(redisNamespace({ ...process.env, DATABASE_URL: databaseUrl }), tenantId));

    // Warm-up: JIT, pools, keep-alive sockets.
    await insertEvents(pool, tenantId, accountId, 200);
    await waitFor(() => receiver.receipt.firstAt.size >= 200 * settings.endpoints, 30_000);

    progress(`steady: ${settings.steadyEventsPerSecond} events/s × ${settings.endpoints} endpoints for ${settings.phaseS} s`);
    let receipt = receiver.reset();
    const steadyStart = Date.now();
    const steadyEvents = await writeSteadily(pool, tenantId, accountId, settings.steadyEventsPerSecond, settings.phaseS);
    const steadyExpected = steadyEvents * settings.endpoints;
    const steadyDrained = await waitFor(() => receipt.firstAt.size >= steadyExpected, 60_000);
    const steadyMs = Date.now() - steadyStart;
    const steady = {
      eventsWritten: steadyEvents,
      deliveries: receipt.firstAt.size,
      expected: steadyExpected,
      allDelivered: steadyDrained,
      deliveriesPerSecond: round(receipt.firstAt.size / (steadyMs / 1000)),
      commitToFirstAttempt: summary(receipt.latency.summarize()),
      signaturesVerified: receipt.verified,
      signatureFailures: receipt.verifyFailures,
    };
    progress(`steady: ${JSON.stringify(steady)}`);

    progress(`burst: ${settings.burstEvents} events at once × ${settings.endpoints} endpoints`);
    receipt = receiver.reset();
    const burstStart = Date.now();
    await insertEvents(pool, tenantId, accountId, settings.burstEvents);
    const burstExpected = settings.burstEvents * settings.endpoints;
    const burstDrained = await waitFor(() => receipt.firstAt.size >= burstExpected, 120_000);
    const burstMs = Date.now() - burstStart;
    const burst = {
      deliveries: receipt.firstAt.size,
      expected: burstExpected,
      allDelivered: burstDrained,
      seconds: round(burstMs / 1000),
      deliveriesPerSecond: round(receipt.firstAt.size / (burstMs / 1000)),
      commitToFirstAttempt: summary(receipt.latency.summarize()),
    };
    progress(`burst: ${JSON.stringify(burst)}`);

    progress(`relay lag: ${settings.relayEventsPerSecond} events/s for ${settings.phaseS} s (endpoints disabled)`);
    await setEndpoints(client, endpointIds, false);
    relayCounting = true;
    const relayEvents = await writeSteadily(pool, tenantId, accountId, settings.relayEventsPerSecond, settings.phaseS);
    await waitFor(() => relayLag.summarize().count >= relayEvents, 30_000);
    relayCounting = false;
    const relay = { eventsWritten: relayEvents, published: relayLag.summarize().count, lag: summary(relayLag.summarize()) };
    progress(`relay: ${JSON.stringify(relay)}`);
    await setEndpoints(client, endpointIds, true);

    const deliveriesPerSecond = Math.max(steady.deliveriesPerSecond, burst.deliveriesPerSecond);
    const report = {
      measuredAt: new Date().toISOString(),
      settings,
      steady,
      burst,
      relay,
      ratios: {
        deliveriesPerSecondVsTarget: round(deliveriesPerSecond / TARGET.deliveriesPerSecondMin),
        firstAttemptP99VsTarget: round(steady.commitToFirstAttempt.p99Ms / TARGET.firstAttemptP99MsMax),
        relayLagP99VsTarget: round(relay.lag.p99Ms / TARGET.relayLagP99MsMax),
      },
      target: {
        deliveriesPerSecond: deliveriesPerSecond >= TARGET.deliveriesPerSecondMin ? 'met' : 'not met',
        firstAttemptP99: steady.commitToFirstAttempt.p99Ms <= TARGET.firstAttemptP99MsMax ? 'met' : 'not met',
        relayLagP99: relay.lag.p99Ms <= TARGET.relayLagP99MsMax ? 'met' : 'not met',
      },
    };
    writeFileSync(path.join(RESULTS_DIR, 'webhooks-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    subscriber.disconnect();
    await pool.end();
    await platform.stop();
    receiver.server.closeAllConnections();
    receiver.server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:webhooks] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
