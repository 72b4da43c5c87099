import { findCurrency } from './currency';

/** Why a decimal string could not become minor units. */
export type DecimalProblem =
  | { reason: 'MALFORMED'; message: string }
  | { reason: 'TOO_MANY_DECIMALS'; message: string; scale: number }
  | { reason: 'UNKNOWN_CURRENCY'; message: string };

export type MinorUnitsResult = { ok: true; minor: bigint } | { ok: false; problem: DecimalProblem };

// Plain decimal notation only: no exponent, no thousands separators, no leading '+'.
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
// 38 significant digits fit numeric(39,0) with room for a sign; anything longer is not money.
const MAX_DIGITS = 38;

/** Parses a decimal string exactly into minor units at `scale` digits. */
export function parseDecimal(value: string, scale: number): MinorUnitsResult {
  const match = DECIMAL.exec(value);
  if (!match) {
    return { ok: false, problem: { reason: 'MALFORMED', message: `"${truncate(value)}" is not a plain decimal number` } };
  }
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) {
    return {
      ok: false,
      problem: { reason: 'TOO_MANY_DECIMALS', scale, message: `at most ${scale} decimal places are allowed, got ${fraction.length}` },
    };
  }
  const digits = (whole + fraction.padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) {
    return { ok: false, problem: { reason: 'MALFORMED', message: 'the amount is too large' } };
  }
  const minor = BigInt(digits);
  return { ok: true, minor: sign && minor !== 0n ? -minor : minor };
}

/** Parses an amount in a named currency, using that currency's scale. */
export function parseAmount(value: string, currencyCode: string): MinorUnitsResult {
  const currency = findCurrency(currencyCode);
  if (!currency) {
    return { ok: false, problem: { reason: 'UNKNOWN_CURRENCY', message: `unknown currency "${truncate(currencyCode)}"` } };
  }
  return parseDecimal(value, currency.scale);
}

/** Formats minor units as a decimal string with exactly `scale` decimals ("-1.05", "0.000001"). */
export function formatMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Formats minor units of a known currency at its scale ("12.50" for 1250 USD minor units). */
export function formatAmount(minor: bigint, currencyCode: string): string {
  const currency = findCurrency(currencyCode);
  if (!currency) throw new Error(`formatAmount: unknown currency ${currencyCode}`);
  return formatMinor(minor, currency.scale);
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
