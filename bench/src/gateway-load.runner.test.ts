import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runGatewayLoad } from './gateway-load.runner';

const GOOD = '{"data":{"ok":true}}';
const WITH_ERRORS = '{"errors":[{"message":"boom"}],"data":null}';

/** Answers request n with `answer(n)`; the bench only ever sees its bytes and status. */
async function startServer(answer: (n: number) => { status: number; body: string }): Promise<{ server: Server; url: string }> {
  let n = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const { status, body } = answer(n++);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

test('puts every response in exactly one bucket: ok, non-2xx or 2xx with errors', async () => {
  const { server, url } = await startServer((n) => (n % 10 === 3 ? { status: 200, body: WITH_ERRORS } : n % 10 === 7 ? { status: 503, body: GOOD } : { status: 200, body: GOOD }));
  try {
    const { warmup, measured } = await runGatewayLoad({
      url,
      apiKey: 'pk_test_x',
      body: '{}',
      connections: 4,
      durationS: 1,
      warmupS: 1,
      isValidBody: (body) => body === GOOD,
      signal: AbortSignal.timeout(20_000),
    });
    for (const phase of [warmup, measured]) {
      assert.ok(phase.responses > 100, `only ${phase.responses} responses`);
      assert.equal(phase.ok + phase.invalidBodies + phase.non2xx, phase.responses);
      // One in ten of each kind, give or take the requests in flight when a phase ends.
      assert.ok(Math.abs(phase.invalidBodies - phase.responses / 10) <= 8, `invalid ${phase.invalidBodies} of ${phase.responses}`);
      assert.ok(Math.abs(phase.non2xx - phase.responses / 10) <= 8, `non2xx ${phase.non2xx} of ${phase.responses}`);
      assert.equal(phase.latency.count, phase.ok);
      assert.equal(phase.firstInvalidBody, WITH_ERRORS);
    }
    assert.ok(measured.okPerSecond > 0);
    assert.ok(measured.latency.p99Ms >= measured.latency.p50Ms);
  } finally {
    server.close();
  }
});

test('stops within the abort instead of running out its duration', async () => {
  const { server, url } = await startServer(() => ({ status: 200, body: GOOD }));
  const startedMs = Date.now();
  try {
    await assert.rejects(
      runGatewayLoad({ url, apiKey: 'k', body: '{}', connections: 2, durationS: 30, warmupS: 30, isValidBody: () => true, signal: AbortSignal.timeout(500) }),
    );
    assert.ok(Date.now() - startedMs < 5_000);
  } finally {
    server.close();
  }
});

test('counts a server that never answers as timeouts, not as successes', async () => {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  try {
    const { measured } = await runGatewayLoad({ url, apiKey: 'k', body: '{}', connections: 2, durationS: 2, warmupS: 1, isValidBody: () => true, requestTimeoutS: 1, signal: AbortSignal.timeout(20_000) });
    assert.equal(measured.ok, 0);
    assert.ok(measured.timeouts >= 2);
    assert.equal(measured.transportErrors, measured.timeouts);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
