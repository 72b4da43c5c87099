import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DEFAULT_RETRY_DELAYS_MS } from './webhook.config';
import { nextAttemptDelayMs } from './webhook-retry.schedule';
import { generateWebhookSecret, openSecret, sealSecret, signatureHeader } from './webhook-secret';

describe('webhook secrets and signatures', () => {
  test('signatures verify with the standardwebhooks package, one per secret during a rotation', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const body = JSON.stringify({ type: 'transfer.completed', timestamp: new Date().toISOString(), data: { id: 'x' } });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signatureHeader([current, previous], 'evt_10_20', timestamp, body);
    assert.equal(signature.split(' ').length, 2);
    const headers = { 'webhook-id': 'evt_10_20', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    for (const secret of [current, previous]) assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(generateWebhookSecret()).verify(body, headers));
    assert.throws(() => new Webhook(current).verify(`${body} `, headers), 'a changed body does not verify');
  });

  test('secrets are sealed at rest and open only for the endpoint they belong to', () => {
    const key = randomBytes(32);
    const secret = generateWebhookSecret();
    const sealed = sealSecret(key, 'endpoint-a', secret);
    assert.ok(!sealed.toString('latin1').includes(secret.slice(6, 20)));
    assert.equal(openSecret(key, 'endpoint-a', sealed), secret);
    assert.throws(() => openSecret(key, 'endpoint-b', sealed));
    assert.throws(() => openSecret(randomBytes(32), 'endpoint-a', sealed));
  });
});

describe('the retry schedule', () => {
  test('is immediate, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (about three days), with ±10% jitter', () => {
    const hour = 3600_000;
    assert.deepEqual(DEFAULT_RETRY_DELAYS_MS, [5_000, 300_000, 1_800_000, 2 * hour, 5 * hour, 10 * hour, 14 * hour, 20 * hour, 24 * hour]);
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    assert.ok(total > 3 * 24 * hour && total < 3.5 * 24 * hour);
    DEFAULT_RETRY_DELAYS_MS.forEach((delay, i) => {
      assert.equal(nextAttemptDelayMs(i + 1, DEFAULT_RETRY_DELAYS_MS, 0.1, undefined, () => 0), Math.round(delay * 0.9));
      assert.equal(nextAttemptDelayMs(i + 1, DEFAULT_RETRY_DELAYS_MS, 0.1, undefined, () => 1), Math.round(delay * 1.1));
    });
    assert.equal(nextAttemptDelayMs(10, DEFAULT_RETRY_DELAYS_MS, 0.1), null, 'ten attempts, then the delivery fails');
    assert.equal(nextAttemptDelayMs(2, DEFAULT_RETRY_DELAYS_MS, 0.1, 7_000), 7_000, 'Retry-After replaces the scheduled delay');
  });
});
