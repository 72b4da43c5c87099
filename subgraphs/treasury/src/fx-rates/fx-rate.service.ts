import type { DataSource } from 'typeorm';
import { findCurrency } from '@orquesta/money';
import { badInput, ok, type Result } from '@orquesta/graphql';

export interface FxRateRecord {
  from: string;
  to: string;
  rate: string;
  asOf: Date;
  derivation: 'DIRECT' | 'INVERSE' | 'CROSS_USD' | 'IDENTITY';
}

// Rates are reference data shared by all tenants: no tenant scope, no row-level security.
// Arithmetic happens in PostgreSQL numeric, which is exact decimal; results keep 12 places.
const LATEST_RATE = `
  WITH latest AS (
    SELECT DISTINCT ON (base, quote) base, quote, rate, as_of
      FROM treasury.fx_rates ORDER BY base, quote, as_of DESC
  )
  SELECT 'DIRECT' AS derivation, rate::text AS rate, as_of FROM latest WHERE base = $1 AND quote = $2
  UNION ALL
  SELECT 'INVERSE', round(1 / rate, 12)::text, as_of FROM latest WHERE base = $2 AND quote = $1
  UNION ALL
  SELECT 'CROSS_USD', round(q.rate / b.rate, 12)::text, least(b.as_of, q.as_of)
    FROM latest b JOIN latest q ON b.base = 'USD' AND q.base = 'USD' AND b.quote = $1 AND q.quote = $2
  LIMIT 1`;

export type FxRateService = ReturnType<typeof createFxRateService>;

export function createFxRateService({ dataSource }: { dataSource: DataSource }) {
  return {
    async latest(from: string, to: string): Promise<Result<FxRateRecord | null>> {
      if (!findCurrency(from)) return badInput('from', `unknown currency "${from.slice(0, 12)}"`);
      if (!findCurrency(to)) return badInput('to', `unknown currency "${to.slice(0, 12)}"`);
      if (from === to) return ok({ from, to, rate: '1', asOf: new Date(), derivation: 'IDENTITY' });
      const rows: Array<{ derivation: FxRateRecord['derivation']; rate: string; as_of: Date }> = await dataSource.query(LATEST_RATE, [
        from,
        to,
      ]);
      const row = rows[0];
      return ok(row ? { from, to, rate: trimZeros(row.rate), asOf: row.as_of, derivation: row.derivation } : null);
    },
  };
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

export interface FxRatePointRecord {
  rate: string;
  asOf: Date;
  source: string;
}

const HISTORY_MAX = 500;

/** Stored rates for one USD pair, newest first (the feed writes one per tick). */
export async function fxRateHistory(dataSource: DataSource, from: string, to: string, first: number): Promise<Result<FxRatePointRecord[]>> {
  if (!findCurrency(from)) return badInput('from', `unknown currency "${from.slice(0, 12)}"`);
  if (!findCurrency(to)) return badInput('to', `unknown currency "${to.slice(0, 12)}"`);
  const rows: Array<{ rate: string; as_of: Date; source: string }> = await dataSource.query(
    'SELECT rate::text AS rate, as_of, source FROM treasury.fx_rates WHERE base = $1 AND quote = $2 ORDER BY as_of DESC, id DESC LIMIT $3',
    [from, to, Math.max(1, Math.min(first, HISTORY_MAX))],
  );
  return ok(rows.map((row) => ({ rate: trimZeros(row.rate), asOf: row.as_of, source: row.source })));
}
