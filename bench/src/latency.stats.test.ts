import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyRecorder, nearestRank } from './latency.stats';

test('nearest-rank percentiles pick an actual sample, never an interpolation', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, index) => index + 1);
  assert.equal(nearestRank(sorted, 50), 50);
  assert.equal(nearestRank(sorted, 90), 90);
  assert.equal(nearestRank(sorted, 99), 99);
  assert.equal(nearestRank(sorted, 100), 100);
  assert.equal(nearestRank(Float64Array.of(7.5), 99), 7.5);
});

test('summarizes unsorted fractional samples and keeps growing past its first buffer', () => {
  const recorder = new LatencyRecorder();
  for (let index = 40_000; index >= 1; index--) recorder.record(index / 1000);
  const summary = recorder.summarize();
  assert.equal(summary.count, 40_000);
  assert.equal(summary.p50Ms, 20);
  assert.equal(summary.p99Ms, 39.6);
  assert.equal(summary.maxMs, 40);
  assert.ok(Math.abs(summary.meanMs - 20.0005) < 1e-9);
});

test('an empty recorder reports zeros rather than NaN', () => {
  assert.deepEqual(new LatencyRecorder().summarize(), { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 });
});
