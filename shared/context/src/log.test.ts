import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createLogger, redact, redactText } from './log';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const token = () => randomBytes(32).toString('base64url');

describe('redact', () => {
  test('keeps only the visible prefix of test and live API keys', () => {
    const testKey = `pk_test_${hex(32)}`;
    const liveKey = `pk_live_${hex(32)}`;
    const text = redactText(`Bearer ${testKey} then ${liveKey}.`);
    assert.equal(text, `Bearer ${testKey.slice(0, 16)}… then ${liveKey.slice(0, 16)}….`);
  });

  test('masks agent tokens, JWTs, refresh tokens, webhook secrets and bare 256-bit tokens', () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"u1"}').toString('base64url')}.${token()}`;
    const secrets = [`agent_${token()}`, jwt, `rt_${token()}`, `whsec_${randomBytes(24).toString('base64')}`, token(), hex(32)];
    const text = redactText(`secrets: ${secrets.join(' , ')}`);
    for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} survived in ${text}`);
    assert.match(text, /agent_…/);
    assert.match(text, /eyJ…\(jwt\)/);
    assert.match(text, /whsec_…/);
  });

  test('replaces values under secret-looking keys, at any depth, and leaves the rest', () => {
    const value = redact({
      msg: 'login failed',
      email: 'ana@example.com',
      password: 'correct horse battery staple',
      headers: { Authorization: 'Basic abc', cookie: 'session=1', 'x-request-id': 'r1' },
      nested: [{ refreshToken: 'x' }, { webhookSecret: 'y', apiKeyId: '7a1e' }],
      amountMinor: 1500n,
    });
    assert.deepEqual(value, {
      msg: 'login failed',
      email: 'ana@example.com',
      password: '[redacted]',
      headers: { Authorization: '[redacted]', cookie: '[redacted]', 'x-request-id': 'r1' },
      nested: [{ refreshToken: '[redacted]' }, { webhookSecret: '[redacted]', apiKeyId: '7a1e' }],
      amountMinor: '1500',
    });
  });

  test('leaves ordinary text alone: UUIDs, long SQL names, short words', () => {
    const text = 'tenant 5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f INSERT INTO accounts.ledger_account_balances_by_tenant_and_currency_snapshot';
    assert.equal(redactText(text), text);
  });
});

describe('createLogger', () => {
  test('writes one JSON line with level, service and message, secrets redacted', () => {
    const lines: string[] = [];
    const key = `pk_live_${hex(32)}`;
    createLogger('gateway', { level: 'info', write: (line) => lines.push(line) }).info(`used ${key}`, { authorization: `Bearer ${key}`, path: '/graphql' });
    assert.equal(lines.length, 1);
    assert.ok(lines[0].endsWith('\n'));
    const entry = JSON.parse(lines[0]);
    assert.equal(entry.level, 'info');
    assert.equal(entry.service, 'gateway');
    assert.equal(entry.msg, `used ${key.slice(0, 16)}…`);
    assert.equal(entry.authorization, '[redacted]');
    assert.equal(entry.path, '/graphql');
    assert.ok(!lines[0].includes(key));
  });

  test('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('gateway', { level: 'warn', write: (line) => lines.push(line) });
    logger.info('request');
    logger.debug('detail');
    logger.warn('slow');
    logger.error('failed');
    assert.deepEqual(lines.map((line) => JSON.parse(line).msg), ['slow', 'failed']);
  });
});
