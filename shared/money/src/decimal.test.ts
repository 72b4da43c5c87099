import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CURRENCIES, formatMinor, parseAmount, parseDecimal } from './index';

test('round-trips every currency exactly at its scale', () => {
  for (const currency of Object.values(CURRENCIES)) {
    for (const minor of [0n, 1n, 5n, 99n, 100n, 123456789n, 10n ** 30n + 7n, -42n]) {
      const text = formatMinor(minor, currency.scale);
      const parsed = parseDecimal(text, currency.scale);
      assert.deepEqual(parsed, { ok: true, minor }, `${currency.code} ${text}`);
    }
  }
});

test('formats with exactly the currency decimals', () => {
  assert.equal(formatMinor(3000n, 2), '30.00');
  assert.equal(formatMinor(5n, 2), '0.05');
  assert.equal(formatMinor(1n, 6), '0.000001');
  assert.equal(formatMinor(-105n, 2), '-1.05');
  assert.equal(formatMinor(7n, 0), '7');
});

test('parses shorter fractions by padding, never rounding', () => {
  assert.deepEqual(parseDecimal('30', 2), { ok: true, minor: 3000n });
  assert.deepEqual(parseDecimal('30.5', 2), { ok: true, minor: 3050n });
  assert.deepEqual(parseDecimal('0.1', 6), { ok: true, minor: 100000n });
  assert.deepEqual(parseDecimal('-0.00', 2), { ok: true, minor: 0n });
});

test('refuses more decimals than the currency allows', () => {
  const result = parseAmount('1.005', 'USD');
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.problem.reason, 'TOO_MANY_DECIMALS');
  assert.equal(parseAmount('1.0000001', 'USDC').ok, false);
  assert.deepEqual(parseAmount('1.000001', 'USDC'), { ok: true, minor: 1000001n });
});

test('refuses malformed numbers and unknown currencies', () => {
  for (const bad of ['', '1e3', '1,000.00', '+1', '.5', '5.', 'NaN', 'Infinity', ' 1', '0x10', '1.2.3']) {
    const result = parseDecimal(bad, 2);
    assert.equal(result.ok, false, bad);
  }
  const unknown = parseAmount('1.00', 'XYZ');
  assert.equal(!unknown.ok && unknown.problem.reason, 'UNKNOWN_CURRENCY');
  assert.equal(parseAmount('1.00', 'toString').ok, false);
  assert.equal(parseDecimal('9'.repeat(39), 0).ok, false);
});
