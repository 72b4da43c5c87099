import { findCurrency } from '@orquesta/money';

const BPS_PER_UNIT = 10_000n;

/** The platform fee on an amount: basis points, rounded up to the next minor unit. */
export function feeFor(amountMinor: bigint, feeBps: number): bigint {
  const scaled = amountMinor * BigInt(feeBps);
  return (scaled + BPS_PER_UNIT - 1n) / BPS_PER_UNIT;
}

/**
 * Converts minor units of one currency into another at an exact decimal rate, rounding down
 * (the recipient never gets a fraction of a unit the platform does not have).
 */
export function convert(amountMinor: bigint, fromCurrency: string, toCurrency: string, rate: string): bigint {
  const from = findCurrency(fromCurrency);
  const to = findCurrency(toCurrency);
  if (!from || !to) throw new Error(`convert: unknown currency ${fromCurrency} or ${toCurrency}`);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new Error(`convert: rate "${rate}" is not a plain positive decimal`);
  const fraction = match[2] ?? '';
  const rateUnits = BigInt(match[1] + fraction);
  const numerator = amountMinor * rateUnits * 10n ** BigInt(to.scale);
  const denominator = 10n ** BigInt(from.scale + fraction.length);
  return numerator / denominator;
}
