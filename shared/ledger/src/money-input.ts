import { badInput, ok, type Result } from '@orquesta/graphql';
import { parseAmount } from '@orquesta/money';

// Far above any real payment, far below what numeric(39, 0) balances can sum.
const AMOUNT_MINOR_LIMIT = 10n ** 30n;

export interface PositiveAmount {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** A money input that may move: a known currency, no more decimals than it has, above zero. */
export function checkPositiveAmount(field: string, input: { amount: string; currency: string }): Result<PositiveAmount> {
  const parsed = parseAmount(input.amount, input.currency);
  if (!parsed.ok) {
    const at = parsed.problem.reason === 'UNKNOWN_CURRENCY' ? `${field}.currency` : `${field}.amount`;
    return badInput(at, parsed.problem.message);
  }
  if (parsed.minor <= 0n) return badInput(`${field}.amount`, 'must be greater than zero');
  if (parsed.minor >= AMOUNT_MINOR_LIMIT) return badInput(`${field}.amount`, 'is too large');
  return ok({ amountMinor: parsed.minor, currency: input.currency });
}
