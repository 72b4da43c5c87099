import type { TenantScope } from '@orquesta/db';

/** What reports need from modules that do not exist yet, per currency. */
export interface OtherModuleFigures {
  readonly refundsMinor: bigint;
  readonly disputes: number;
  readonly streamOutflowMinor: bigint;
}

export const NO_FIGURES: OtherModuleFigures = { refundsMinor: 0n, disputes: 0, streamOutflowMinor: 0n };

/**
 * Refunds, disputes and stream outflow for a period, by currency. ZERO FOR NOW: the refunds,
 * disputes and streams modules do not exist yet (other issues). Each fills its part here
 * through an exported read of its own when it lands; reports call nothing else for them.
 */
export async function refundsDisputesAndStreamOutflow(
  _scope: TenantScope,
  _range: { readonly from: Date; readonly to: Date },
): Promise<ReadonlyMap<string, OtherModuleFigures>> {
  return new Map();
}
