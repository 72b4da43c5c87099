/** A currency the platform holds. `scale` is the number of minor-unit digits. */
export interface Currency {
  readonly code: string;
  readonly scale: number;
  readonly name: string;
}

// The platform's currencies. Scales follow ISO 4217 for fiat and the token contract for USDC.
export const CURRENCIES: Readonly<Record<string, Currency>> = Object.freeze({
  USD: { code: 'USD', scale: 2, name: 'US Dollar' },
  USDC: { code: 'USDC', scale: 6, name: 'USD Coin' },
  MXN: { code: 'MXN', scale: 2, name: 'Mexican Peso' },
  BRL: { code: 'BRL', scale: 2, name: 'Brazilian Real' },
  COP: { code: 'COP', scale: 2, name: 'Colombian Peso' },
  ARS: { code: 'ARS', scale: 2, name: 'Argentine Peso' },
  KES: { code: 'KES', scale: 2, name: 'Kenyan Shilling' },
});

export function findCurrency(code: string): Currency | undefined {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, code) ? CURRENCIES[code] : undefined;
}
