import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_HEADER, SIGNATURE_HEADER, encodeContext, verifyContext, type RequestContext } from './index';

const secret = 'a-test-secret-that-is-long-enough-for-hmac';
const ctx: RequestContext = {
  tenantId: '0190f0a0-0000-7000-8000-000000000001',
  livemode: false,
  actor: { type: 'api_key', id: 'key_1' },
  role: 'admin',
  requestId: 'req_1',
};

test('verifies a context it signed', () => {
  const headers = encodeContext(ctx, secret);
  assert.deepEqual(verifyContext(headers[CONTEXT_HEADER], headers[SIGNATURE_HEADER], secret), ctx);
});

test('refuses a tampered payload, a wrong secret, a missing signature and an expired context', () => {
  const headers = encodeContext(ctx, secret);
  const forged = Buffer.from(
    JSON.stringify({ ctx: { ...ctx, tenantId: '0190f0a0-0000-7000-8000-000000000002' }, exp: Date.now() + 60_000 }),
  ).toString('base64url');
  assert.equal(verifyContext(forged, headers[SIGNATURE_HEADER], secret), undefined);
  assert.equal(verifyContext(headers[CONTEXT_HEADER], headers[SIGNATURE_HEADER], 'another-secret-of-enough-length!!'), undefined);
  assert.equal(verifyContext(headers[CONTEXT_HEADER], undefined, secret), undefined);
  assert.equal(verifyContext(headers[CONTEXT_HEADER], 'AAAA', secret), undefined);
  const old = encodeContext(ctx, secret, Date.now() - 120_000);
  assert.equal(verifyContext(old[CONTEXT_HEADER], old[SIGNATURE_HEADER], secret), undefined);
});
