import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@orquesta/context';
import { assertNoSecrets, captureProcessOutput, findSecrets } from './log-capture';

const token = () => randomBytes(32).toString('base64url');

describe('the secret scanner', () => {
  test('finds every kind of full secret, and never repeats it whole', () => {
    const key = `pk_live_${randomBytes(32).toString('hex')}`;
    const output = [
      `{"msg":"request","credential":"Bearer ${key}"}`,
      `agent token agent_${token()}`,
      `jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.${token()}`,
      `refresh rt_${token()}`,
      `secret whsec_${randomBytes(24).toString('base64')}`,
    ].join('\n');
    const found = findSecrets(output);
    assert.deepEqual(found.map((entry) => entry.split(':')[0]), ['API key', 'agent token', 'JWT', 'refresh token', 'webhook secret']);
    assert.ok(!found.join('\n').includes(key));
    assert.throws(() => assertNoSecrets(output, 'a test'), /SECRET LEAK: 5 secret\(s\) in the output of a test/);
  });

  test('lets prefixes, redacted lines and the demo key banner through', () => {
    const key = `pk_test_${randomBytes(32).toString('hex')}`;
    assert.deepEqual(findSecrets(`{"credential":"Bearer ${key.slice(0, 16)}…"} agent_… whsec_… eyJ…(jwt)`), []);
    assert.deepEqual(findSecrets(`  Demo tenant t1, test API key (shown once, keep it): ${key}`), []);
  });

  test('a capture passes redacted logger lines and fails its stop() on a raw key written to stderr', () => {
    const key = `pk_test_${randomBytes(32).toString('hex')}`;
    const capture = captureProcessOutput('this test');
    // The logger redacts: a key in a log line is safe.
    createLogger('test', { level: 'error', write: () => undefined }).info(`with ${key}`);
    assert.doesNotThrow(() => capture.stop());
    // A stray write to stderr is not redacted: the capture sees it. (The stream underneath is
    // silenced here, so the test's own output does not carry the key.)
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const leaking = captureProcessOutput('this test');
    try {
      process.stderr.write(`stray debug print ${key}\n`);
    } finally {
      assert.throws(() => leaking.stop(), /SECRET LEAK: 1 secret\(s\) in the output of this test/);
      process.stderr.write = write;
    }
  });
});
