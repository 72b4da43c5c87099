import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisNamespace, testRedisUrl } from '@orquesta/testing';
import { authFailureDelay, createLockout, createRateLimiter, LOCKOUT, LOGIN_PER_ACCOUNT, LOGIN_PER_IP, SIGNUP_PER_IP } from './index';

let redis: Redis;

before(() => {
  redis = new Redis(testRedisUrl());
});

after(() => redis.quit());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRateLimiter', () => {
  test('lets exactly `limit` of 50 parallel hits through, across separate connections', async () => {
    const others = [new Redis(testRedisUrl()), new Redis(testRedisUrl())];
    try {
      const limiters = [redis, ...others].map((connection) => createRateLimiter(connection, testRedisNamespace()));
      const key = `someone-${randomUUID()}@example.com`;
      const decisions = await Promise.all(Array.from({ length: 50 }, (_, i) => limiters[i % 3].hit('test-concurrency', key, 10, 60_000)));
      assert.equal(decisions.filter((d) => d.allowed).length, 10);
      assert.deepEqual(decisions.filter((d) => d.allowed).map((d) => d.remaining).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const refused of decisions.filter((d) => !d.allowed)) {
        assert.equal(refused.remaining, 0);
        assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000, `retryAfterMs ${refused.retryAfterMs}`);
      }
    } finally {
      await Promise.all(others.map((other) => other.quit()));
    }
  });

  test('allows again once the window has passed', async () => {
    const limiter = createRateLimiter(redis, testRedisNamespace());
    const key = randomUUID();
    assert.equal((await limiter.hit('test-window', key, 2, 300)).allowed, true);
    assert.equal((await limiter.hit('test-window', key, 2, 300)).allowed, true);
    const refused = await limiter.hit('test-window', key, 2, 300);
    assert.equal(refused.allowed, false);
    assert.ok(refused.retryAfterMs <= 300);
    await sleep(refused.retryAfterMs + 50);
    const again = await limiter.hit('test-window', key, 2, 300);
    assert.equal(again.allowed, true);
  });

  test('counts buckets and keys separately, and reset forgets a key', async () => {
    const limiter = createRateLimiter(redis, testRedisNamespace());
    const key = randomUUID();
    assert.equal((await limiter.hit('test-a', key, 1, 60_000)).allowed, true);
    assert.equal((await limiter.hit('test-a', key, 1, 60_000)).allowed, false);
    assert.equal((await limiter.hit('test-b', key, 1, 60_000)).allowed, true);
    assert.equal((await limiter.hit('test-a', randomUUID(), 1, 60_000)).allowed, true);
    await limiter.reset('test-a', key);
    assert.equal((await limiter.hit('test-a', key, 1, 60_000)).allowed, true);
  });

  test('never stores the email or IP it counts as a Redis key', async () => {
    const limiter = createRateLimiter(redis, testRedisNamespace());
    const email = `plain-${randomUUID()}@example.com`;
    await limiter.hit('test-hashed', email, 5, 60_000);
    await createLockout(redis, testRedisNamespace()).recordFailure(email);
    const keys = await redis.keys(`*${email}*`);
    assert.deepEqual(keys, []);
    const stored = await redis.keys(`${testRedisNamespace()}:ratelimit:test-hashed:*`);
    assert.ok(stored.every((k) => /:[0-9a-f]{64}$/.test(k)), stored.join(', '));
  });

  test('refuses a limit or window that is not a positive integer', async () => {
    const limiter = createRateLimiter(redis, testRedisNamespace());
    await assert.rejects(limiter.hit('test-bad', 'k', 0, 1000), /positive integer/);
    await assert.rejects(limiter.hit('test-bad', 'k', 1, 0), /positive/);
  });
});

describe('createLockout', () => {
  test('locks after the fifth failure, reports the time left, and clear unlocks', async () => {
    const lockout = createLockout(redis, testRedisNamespace());
    const key = `user-${randomUUID()}@example.com`;
    for (let i = 1; i < LOCKOUT.failuresMax; i++) {
      assert.deepEqual(await lockout.recordFailure(key), { locked: false, failures: i });
      assert.equal((await lockout.isLocked(key)).locked, false);
    }
    assert.deepEqual(await lockout.recordFailure(key), { locked: true, failures: 5 });
    const state = await lockout.isLocked(key);
    assert.equal(state.locked, true);
    assert.ok(state.retryAfterMs > 14 * 60_000 && state.retryAfterMs <= 15 * 60_000, `retryAfterMs ${state.retryAfterMs}`);
    await lockout.clear(key);
    assert.deepEqual(await lockout.isLocked(key), { locked: false, retryAfterMs: 0 });
    assert.deepEqual(await lockout.recordFailure(key), { locked: false, failures: 1 });
  });

  test('parallel failures lock exactly once the maximum is reached', async () => {
    const lockout = createLockout(redis, testRedisNamespace(), { failuresMax: 3, lockMs: 60_000 });
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => lockout.recordFailure(key)));
    assert.deepEqual(results.map((r) => r.failures).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(results.filter((r) => r.locked).length, 18);
    assert.equal((await lockout.isLocked(key)).locked, true);
  });

  test('a lock ends by itself after its duration', async () => {
    const lockout = createLockout(redis, testRedisNamespace(), { failuresMax: 2, lockMs: 250 });
    const key = randomUUID();
    await lockout.recordFailure(key);
    assert.equal((await lockout.recordFailure(key)).locked, true);
    assert.equal((await lockout.isLocked(key)).locked, true);
    await sleep(400);
    assert.equal((await lockout.isLocked(key)).locked, false);
    assert.deepEqual(await lockout.recordFailure(key), { locked: false, failures: 1 });
  });
});

describe('authentication limits', () => {
  test('are the ones issue 4 gives', () => {
    assert.deepEqual([LOGIN_PER_ACCOUNT.limit, LOGIN_PER_ACCOUNT.windowMs], [5, 15 * 60_000]);
    assert.deepEqual([LOGIN_PER_IP.limit, LOGIN_PER_IP.windowMs], [100, 15 * 60_000]);
    assert.deepEqual([SIGNUP_PER_IP.limit, SIGNUP_PER_IP.windowMs], [10, 60 * 60_000]);
    assert.deepEqual(LOCKOUT, { failuresMax: 5, lockMs: 15 * 60_000 });
  });

  test('authFailureDelay waits within the configured range', async () => {
    const started = Date.now();
    await authFailureDelay({ ORQUESTA_AUTH_DELAY_MS: '40,60' });
    assert.ok(Date.now() - started >= 39, `waited ${Date.now() - started} ms`);
  });
});
