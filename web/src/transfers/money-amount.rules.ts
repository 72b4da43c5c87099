/**
 * Amounts are decimal strings from the input to the wire ("30.00"), never JavaScript numbers:
 * a float cannot hold 0.1 exactly. These checks only catch slips before sending; the server
 * decides (and answers BAD_USER_INPUT with the field when it disagrees).
 */

/** The platform's currencies and their minor-unit digits (the graph's `currencies` field). */
export const CURRENCIES = [
  { code: 'USD', scale: 2 },
  { code: 'USDC', scale: 6 },
  { code: 'MXN', scale: 2 },
  { code: 'BRL', scale: 2 },
  { code: 'COP', scale: 2 },
  { code: 'ARS', scale: 2 },
  { code: 'KES', scale: 2 },
] as const;

export type CurrencyCode = (typeof CURRENCIES)[number]['code'];

export const AMOUNT_LENGTH_MAX = 30;

// Plain decimal notation only: digits, then optionally a point and digits. No sign, exponent,
// thousands separators or spaces.
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export type AmountCheck = { readonly ok: true; readonly amount: string } | { readonly ok: false; readonly problem: string };

export function isCurrencyCode(value: string): value is CurrencyCode {
  return CURRENCIES.some((currency) => currency.code === value);
}

/** The trimmed amount if it is a positive plain decimal with at most the currency's decimals. */
export function checkAmount(input: string, currency: CurrencyCode): AmountCheck {
  const amount = input.trim();
  if (amount.length === 0) return { ok: false, problem: 'Enter an amount, such as 30.00.' };
  const match = amount.length <= AMOUNT_LENGTH_MAX ? PLAIN_DECIMAL.exec(amount) : null;
  if (!match) return { ok: false, problem: 'Enter the amount as a plain number with a point for decimals, such as 30.00.' };
  const [, whole = '', fraction = ''] = match;
  const scale = CURRENCIES.find((entry) => entry.code === currency)?.scale ?? 2;
  if (fraction.length > scale) {
    return { ok: false, problem: `${currency} amounts have at most ${scale} decimal places.` };
  }
  if (/^0*$/.test(whole + fraction)) return { ok: false, problem: 'Enter an amount greater than zero.' };
  return { ok: true, amount };
}
