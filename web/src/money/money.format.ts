import { CURRENCIES } from '../transfers/money-amount.rules';

/**
 * Amounts arrive as exact decimal strings ("42000.00", "1500.000000"). The digits are never put
 * through a JavaScript number: the whole part is formatted as a BigInt (grouping, sign, symbol
 * from Intl in the user's locale) and the fraction digits are copied from the string as they are.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(currency: string, fractionDigits: number, iso: boolean): Intl.NumberFormat {
  const key = `${currency}|${fractionDigits}|${iso}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      ...(iso ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol' } : { style: 'decimal' }),
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    formats.set(key, format);
  }
  return format;
}

function scaleOf(currency: string): number | undefined {
  return CURRENCIES.find((entry) => entry.code === currency)?.scale;
}

// USDC is not an ISO 4217 code; Intl would refuse it as a currency, so it is a number plus its code.
function isIsoCurrency(currency: string): boolean {
  if (!/^[A-Z]{3}$/.test(currency)) return false;
  try {
    new Intl.NumberFormat(undefined, { style: 'currency', currency });
    return true;
  } catch {
    return false;
  }
}

/** "42000.00" USD → "$42,000.00"; "1500.000000" USDC → "1,500.00 USDC" (trailing zeros past cents trimmed). */
export function formatMoney(amount: string, currency: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const [, minus, whole = '0', rawFraction = ''] = match;
  const scale = scaleOf(currency) ?? rawFraction.length;
  // Crypto amounts carry 6 decimals; show at least 2 and every significant digit after that.
  let fraction = rawFraction.padEnd(scale, '0');
  if (scale > 2) fraction = fraction.replace(/0+$/, '').padEnd(2, '0');
  const iso = isIsoCurrency(currency);
  const format = numberFormat(currency, fraction.length, iso);
  const negative = minus === '-' && /[1-9]/.test(whole + fraction);
  const integer = BigInt(whole);
  // -0n is 0n: format -1 and put the real (zero) whole part in its place.
  const parts = format.formatToParts(negative ? (integer === 0n ? -1n : -integer) : integer);
  const text = parts
    .map((part) => {
      if (part.type === 'fraction') return fraction;
      if (part.type === 'integer' && negative && integer === 0n) return '0';
      return part.value;
    })
    .join('');
  return iso ? text : `${text} ${currency}`;
}

/** Adds decimal strings of one currency exactly (BigInt minor units); for totals on screen. */
export function sumDecimals(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map((amount) => amount.split('.')[1]?.length ?? 0));
  let total = 0n;
  for (const amount of amounts) total += toMinor(amount, scale);
  return fromMinor(total, scale);
}

export function toMinor(amount: string, scale: number): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return 0n;
  const [, minus, whole = '0', fraction = ''] = match;
  const minor = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return minus === '-' ? -minor : minor;
}

export function fromMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Percentage change between two exact amounts, as text ("+12.5%"), or undefined without a base. */
export function percentChange(current: bigint, previous: bigint): string | undefined {
  if (previous === 0n) return undefined;
  // Tenths of a percent, in integers.
  const tenths = ((current - previous) * 1000n) / (previous < 0n ? -previous : previous);
  const sign = tenths > 0n ? '+' : tenths < 0n ? '−' : '';
  const abs = tenths < 0n ? -tenths : tenths;
  return `${sign}${abs / 10n}.${abs % 10n}%`;
}
