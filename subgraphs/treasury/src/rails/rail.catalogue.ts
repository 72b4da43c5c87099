/**
 * The rails (payout providers) and corridors the platform serves. Reference data, the same for
 * every tenant, kept in code: a change is a reviewed commit, not a runtime edit.
 *
 * A *network* is the payment system (SPEI, Pix…); a *rail* is one provider on it. Each network
 * has two providers so that a payout can fall over from one to the other, as Hyperswitch
 * falls over between connectors.
 */
export type PayoutNetwork = 'SPEI' | 'PIX' | 'PSE' | 'ACH' | 'MPESA' | 'USDC';

export interface RailDefinition {
  readonly code: string;
  readonly name: string;
  readonly network: PayoutNetwork;
  /** The currency the rail delivers. */
  readonly currency: string;
  /** The provider's price: basis points of the delivered amount plus a fixed part, in the rail's currency. */
  readonly feeBps: number;
  readonly feeFixedMinor: bigint;
  /** Limits on the delivered amount, in minor units of the rail's currency. */
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** Typical time from acceptance to final answer. */
  readonly settlementSeconds: number;
}

export const NETWORK_CURRENCY: Readonly<Record<PayoutNetwork, string>> = {
  SPEI: 'MXN',
  PIX: 'BRL',
  PSE: 'COP',
  ACH: 'USD',
  MPESA: 'KES',
  USDC: 'USDC',
};

function rail(code: string, name: string, network: PayoutNetwork, feeBps: number, feeFixedMinor: bigint, min: bigint, max: bigint, settlementSeconds: number): RailDefinition {
  return { code, name, network, currency: NETWORK_CURRENCY[network], feeBps, feeFixedMinor, minAmountMinor: min, maxAmountMinor: max, settlementSeconds };
}

export const RAILS: readonly RailDefinition[] = [
  rail('spei_stp', 'SPEI via STP', 'SPEI', 10, 500n, 100n, 5_000_000_00n, 30),
  rail('spei_arcus', 'SPEI via Arcus', 'SPEI', 15, 300n, 100n, 2_000_000_00n, 60),
  rail('pix_celcoin', 'Pix via Celcoin', 'PIX', 8, 50n, 1n, 1_000_000_00n, 10),
  rail('pix_bs2', 'Pix via BS2', 'PIX', 12, 0n, 1n, 500_000_00n, 20),
  rail('pse_bancolombia', 'PSE/ACH Colombia via Bancolombia', 'PSE', 20, 2_000_00n, 10_000_00n, 200_000_000_00n, 3600),
  rail('pse_davivienda', 'PSE/ACH Colombia via Davivienda', 'PSE', 25, 1_500_00n, 10_000_00n, 100_000_000_00n, 7200),
  rail('ach_column', 'ACH via Column', 'ACH', 0, 25n, 100n, 1_000_000_00n, 86_400),
  rail('ach_modern_treasury', 'ACH via Modern Treasury', 'ACH', 5, 15n, 100n, 500_000_00n, 172_800),
  rail('mpesa_safaricom', 'M-Pesa B2C via Safaricom Daraja', 'MPESA', 50, 0n, 10_00n, 250_000_00n, 5),
  rail('mpesa_cellulant', 'M-Pesa via Cellulant', 'MPESA', 70, 0n, 10_00n, 150_000_00n, 15),
  rail('usdc_base', 'USDC on Base', 'USDC', 0, 10_000n, 1_000_000n, 1_000_000_000_000n, 4),
  rail('usdc_polygon', 'USDC on Polygon', 'USDC', 0, 5_000n, 1_000_000n, 500_000_000_000n, 8),
];

export function findRail(code: string): RailDefinition | undefined {
  return RAILS.find((candidate) => candidate.code === code);
}

export function railsOf(network: PayoutNetwork): RailDefinition[] {
  return RAILS.filter((candidate) => candidate.network === network);
}

export interface CorridorDefinition {
  /** "USD-MXN": source currency, then delivered currency. */
  readonly code: string;
  readonly fromCurrency: string;
  readonly toCurrency: string;
  readonly network: PayoutNetwork | null;
}

function corridor(fromCurrency: string, toCurrency: string, network: PayoutNetwork | null): CorridorDefinition {
  return { code: `${fromCurrency}-${toCurrency}`, fromCurrency, toCurrency, network };
}

// USD→ARS is listed, with no network: Argentina's CVU/Transferencias 3.0 has no simulator yet.
export const CORRIDORS: readonly CorridorDefinition[] = [
  corridor('USD', 'MXN', 'SPEI'),
  corridor('USD', 'BRL', 'PIX'),
  corridor('USD', 'COP', 'PSE'),
  corridor('USD', 'ARS', null),
  corridor('USD', 'KES', 'MPESA'),
  corridor('USD', 'USD', 'ACH'),
  corridor('USD', 'USDC', 'USDC'),
  corridor('USDC', 'MXN', 'SPEI'),
  corridor('USDC', 'BRL', 'PIX'),
  corridor('USDC', 'COP', 'PSE'),
  corridor('USDC', 'KES', 'MPESA'),
  corridor('USDC', 'USD', 'ACH'),
  corridor('USDC', 'USDC', 'USDC'),
  corridor('COP', 'MXN', 'SPEI'),
  corridor('MXN', 'COP', 'PSE'),
];

export function findCorridor(fromCurrency: string, toCurrency: string): CorridorDefinition | undefined {
  return CORRIDORS.find((candidate) => candidate.fromCurrency === fromCurrency && candidate.toCurrency === toCurrency);
}

const BPS_PER_UNIT = 10_000n;

/** The provider's fee on a delivered amount, rounded up. */
export function railFeeMinor(definition: RailDefinition, amountMinor: bigint): bigint {
  return (amountMinor * BigInt(definition.feeBps) + BPS_PER_UNIT - 1n) / BPS_PER_UNIT + definition.feeFixedMinor;
}
