import { findCurrency } from '@orquesta/money';

/** The three money windows, in minor units; null is "no limit from this source". */
export interface LimitWindows {
  readonly perTransaction: bigint | null;
  readonly daily: bigint | null;
  readonly monthly: bigint | null;
}

export type LimitWindow = keyof LimitWindows;
export const LIMIT_WINDOWS: readonly LimitWindow[] = ['perTransaction', 'daily', 'monthly'];

/** Where an effective limit comes from: the owner's setting, the agent's KYA tier, or its parent account's tier. */
export type LimitSource = 'owner' | 'kya_tier' | 'parent_account';

interface WholeUnits {
  readonly perTransaction: bigint | null;
  readonly daily: bigint | null;
  readonly monthly: bigint | null;
}

// The seed's tables, in whole units of the agent's currency (nominal, as the seed has them).
/** What a KYA tier allows an agent by default; tier 3 is set per tenant (`updateTenantAgentPolicy`). */
export const KYA_TIER_LIMITS: Readonly<Record<0 | 1 | 2, WholeUnits>> = {
  0: { perTransaction: 0n, daily: 0n, monthly: 0n },
  1: { perTransaction: 1_000n, daily: 10_000n, monthly: 50_000n },
  2: { perTransaction: 10_000n, daily: 100_000n, monthly: 500_000n },
};

/** What the parent account's own verification tier lets its agents move, unless the tenant changed it. */
export const ACCOUNT_TIER_LIMITS: Readonly<Record<0 | 1 | 2 | 3, WholeUnits>> = {
  0: { perTransaction: 100n, daily: 500n, monthly: 1_000n },
  1: { perTransaction: 10_000n, daily: 50_000n, monthly: 200_000n },
  2: { perTransaction: 50_000n, daily: 200_000n, monthly: 500_000n },
  3: { perTransaction: null, daily: null, monthly: null },
};

function unitMinor(currency: string): bigint {
  const known = findCurrency(currency);
  if (!known) throw new Error(`agent limits: unknown currency ${currency}`);
  return 10n ** BigInt(known.scale);
}

export function wholeToMinor(units: WholeUnits, currency: string): LimitWindows {
  const unit = unitMinor(currency);
  const scale = (value: bigint | null) => (value === null ? null : value * unit);
  return { perTransaction: scale(units.perTransaction), daily: scale(units.daily), monthly: scale(units.monthly) };
}

/** Minor units of one currency read nominally in another (the tenant's tier-3 table, its default threshold). */
export function nominalMinor(minor: bigint, from: string, to: string): bigint {
  if (from === to) return minor;
  const fromUnit = unitMinor(from);
  const toUnit = unitMinor(to);
  return (minor * toUnit) / fromUnit;
}

export interface EffectiveLimits extends LimitWindows {
  /** True when the parent account's tier, not the owner or the KYA tier, sets at least one window. */
  readonly cappedByParent: boolean;
  /** Which sources set at least one window (the tightest one wins, the owner first on a tie). */
  readonly cappedBy: readonly LimitSource[];
}

/** The least of the owner's, the KYA tier's and the parent's limit, window by window. */
export function effectiveLimits(sources: Readonly<Record<LimitSource, LimitWindows>>): EffectiveLimits {
  const order: readonly LimitSource[] = ['owner', 'kya_tier', 'parent_account'];
  const result: Record<LimitWindow, bigint | null> = { perTransaction: null, daily: null, monthly: null };
  const setters = new Set<LimitSource>();
  for (const window of LIMIT_WINDOWS) {
    let winner: LimitSource | null = null;
    for (const source of order) {
      const value = sources[source][window];
      if (value === null) continue;
      if (result[window] === null || value < result[window]!) {
        result[window] = value;
        winner = source;
      }
    }
    if (winner) setters.add(winner);
  }
  return { ...result, cappedByParent: setters.has('parent_account'), cappedBy: order.filter((source) => setters.has(source)) };
}

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) and month (YYYY-MM-01) of an instant in a time zone. */
export function localPeriods(now: Date, timeZone: string): { day: string; month: string } {
  let format = DAY_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DAY_FORMATS.set(timeZone, format);
  }
  const day = format.format(now);
  return { day, month: `${day.slice(0, 7)}-01` };
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return timeZone.length <= 64;
  } catch {
    return false;
  }
}
