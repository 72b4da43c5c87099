import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadPhaseResult } from './gateway-load.runner';
import { evaluateTarget, formatReportTable, type BenchReport } from './report';

function phase(overrides: Partial<LoadPhaseResult> & { p99Ms?: number } = {}): LoadPhaseResult {
  const { p99Ms = 20, ...rest } = overrides;
  return {
    durationS: 15,
    responses: 30_000,
    ok: 30_000,
    non2xx: 0,
    invalidBodies: 0,
    transportErrors: 0,
    timeouts: 0,
    okPerSecond: 2_000,
    latency: { count: 30_000, meanMs: 8, p50Ms: 7.5, p90Ms: 12.25, p99Ms, maxMs: 80 },
    autocannonLatencyMs: { p50: 7, p90: 12, p99: Math.floor(p99Ms), max: 80 },
    statusCodes: { '200': 30_000 },
    firstInvalidBody: undefined,
    cpu: { cpus: 2, machineBusyCores: 1.9, platformCores: 1.05, loadGeneratorCores: 0.3, otherCores: 0.55 },
    ...rest,
  };
}

test('passes at the target exactly: 1,000 req/s and a 50 ms p99', () => {
  assert.deepEqual(evaluateTarget(phase({ okPerSecond: 1000, p99Ms: 50 })).misses, []);
});

test('fails on throughput, on p99 and on any failed request, naming each miss', () => {
  const verdict = evaluateTarget(phase({ okPerSecond: 999.4, p99Ms: 50.01, invalidBodies: 3, non2xx: 1 }));
  assert.equal(verdict.pass, false);
  assert.equal(verdict.misses.length, 3);
  assert.match(verdict.misses.join('\n'), /999 req\/s/);
  assert.match(verdict.misses.join('\n'), /p99 50\.0 ms/);
  assert.match(verdict.misses.join('\n'), /4 failed requests/);
});

test('fails a run with no successful response at all', () => {
  const verdict = evaluateTarget(phase({ ok: 0, okPerSecond: 0, latency: { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 } }));
  assert.equal(verdict.pass, false);
});

test('the table carries every headline figure', () => {
  const measured = phase({ okPerSecond: 1834.6, p99Ms: 31.5 });
  const report = {
    config: { connections: 16, warmupS: 3 },
    machine: { cpus: 2 },
    pgbench: { clients: 16, threads: 2, durationS: 15, scale: 1, tps: 2101.2 },
    gateway: { url: 'http://127.0.0.1:4000/graphql', measured, rps: measured.okPerSecond },
    gatewayRpsPerPgbenchTps: 1834.6 / 2101.2,
    target: evaluateTarget(measured),
  } as unknown as BenchReport;
  const table = formatReportTable(report);
  for (const expected of ['1,835', '7.50 ms', '12.25 ms', '31.50 ms', '2,101', '0.87', '1.05 / 0.30 / 0.55', 'PASS']) {
    assert.ok(table.includes(expected), `${expected} missing from\n${table}`);
  }
  assert.doesNotMatch(table, /missed:/);
});

test('the table lists each missed criterion under a FAIL', () => {
  const measured = phase({ okPerSecond: 130.4, p99Ms: 267.2 });
  const report = {
    config: { connections: 16, warmupS: 3 },
    machine: { cpus: 2 },
    pgbench: { clients: 16, threads: 2, durationS: 15, scale: 1, tps: 1327 },
    gateway: { url: 'http://127.0.0.1:4000/graphql', measured, rps: measured.okPerSecond },
    gatewayRpsPerPgbenchTps: 130.4 / 1327,
    target: evaluateTarget(measured),
  } as unknown as BenchReport;
  const table = formatReportTable(report);
  assert.match(table, /\| +FAIL \|/);
  assert.match(table, /missed: throughput 130 req\/s is below 1000 req\/s/);
  assert.match(table, /missed: p99 267\.2 ms is above 50 ms/);
});
