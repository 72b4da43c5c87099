import type { DataSource } from 'typeorm';
import type { RequestContext } from '@orquesta/context';
import { isUuid, tenantScope } from '@orquesta/context';
import { readForTenant, uuidv7, withTenant } from '@orquesta/db';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { checkPositiveAmount } from '@orquesta/ledger';
import { findCurrency, toMoney } from '@orquesta/money';
import type { FxRateService } from '@orquesta/treasury';
import { convert, feeFor } from './quote.pricing';
import type { Quote } from './quote.type';

export interface NewQuote {
  readonly fromCurrency: string;
  readonly toCurrency: string;
  readonly amount: string;
  readonly corridor?: string | null;
}

interface QuoteRow {
  id: string;
  livemode: boolean;
  from_currency: string;
  to_currency: string;
  corridor: string;
  amount_minor: string;
  fee_bps: number;
  fee_minor: string;
  rate: string;
  rate_as_of: Date;
  target_amount_minor: string;
  expires_at: Date;
  created_at: Date;
}

export const QUOTE_TTL_MS = 5 * 60 * 1000;
/** The platform fee when none is configured: 0.50%. */
export const DEFAULT_FEE_BPS = 50;

const QUOTE_COLUMNS =
  'id, livemode, from_currency, to_currency, corridor, amount_minor::text, fee_bps, fee_minor::text, rtrim(rtrim(rate::text, \'0\'), \'.\') AS rate, ' +
  'rate_as_of, target_amount_minor::text, expires_at, created_at';

function quoteFromRow(row: QuoteRow, now = new Date()): Quote {
  return {
    id: row.id,
    fromCurrency: row.from_currency,
    toCurrency: row.to_currency,
    corridor: row.corridor,
    amount: toMoney(BigInt(row.amount_minor), row.from_currency),
    fee: toMoney(BigInt(row.fee_minor), row.from_currency),
    feeBps: row.fee_bps,
    rate: row.rate,
    rateAsOf: row.rate_as_of,
    targetAmount: toMoney(BigInt(row.target_amount_minor), row.to_currency),
    expiresAt: row.expires_at,
    expired: row.expires_at.getTime() <= now.getTime(),
    livemode: row.livemode,
    createdAt: row.created_at,
  };
}

function corridorOf(from: string, to: string): string {
  return `${from}-${to}`;
}

export type QuoteService = ReturnType<typeof createQuoteService>;

export function createQuoteService({ dataSource, fxRates, feeBps = DEFAULT_FEE_BPS }: { dataSource: DataSource; fxRates: FxRateService; feeBps?: number }) {
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) throw new Error(`platform fee must be 0 to 10000 basis points, got ${feeBps}`);

  return {
    async create(request: RequestContext, input: NewQuote): Promise<Result<Quote>> {
      for (const field of ['fromCurrency', 'toCurrency'] as const) {
        if (!findCurrency(input[field])) return badInput(`input.${field}`, `unknown currency "${input[field].slice(0, 12)}"`);
      }
      const amount = checkPositiveAmount('input', { amount: input.amount, currency: input.fromCurrency });
      if (!amount.ok) return amount;
      const rate = await fxRates.latest(input.fromCurrency, input.toCurrency);
      if (!rate.ok) return rate;
      if (!rate.value) return badInput('input.toCurrency', `no rate from ${input.fromCurrency} to ${input.toCurrency}`);
      const corridor = corridorOf(input.fromCurrency, input.toCurrency);
      if (input.corridor && input.corridor.toUpperCase().replace(/[_>→ ]+/g, '-') !== corridor) {
        return badInput('input.corridor', `does not match ${corridor}`);
      }

      const amountMinor = amount.value.amountMinor;
      const feeMinor = feeFor(amountMinor, feeBps);
      const targetMinor = convert(amountMinor - feeMinor, input.fromCurrency, input.toCurrency, rate.value.rate);
      if (targetMinor <= 0n) return badInput('input.amount', 'is too small to deliver anything after the fee');

      const scope = tenantScope(request);
      const now = new Date();
      const row: QuoteRow = {
        id: uuidv7(now.getTime()),
        livemode: scope.livemode,
        from_currency: input.fromCurrency,
        to_currency: input.toCurrency,
        corridor,
        amount_minor: amountMinor.toString(),
        fee_bps: feeBps,
        fee_minor: feeMinor.toString(),
        rate: rate.value.rate,
        rate_as_of: rate.value.asOf,
        target_amount_minor: targetMinor.toString(),
        expires_at: new Date(now.getTime() + QUOTE_TTL_MS),
        created_at: now,
      };
      await withTenant(dataSource, scope, (manager) =>
        manager.query(
          `INSERT INTO payments.quotes (id, tenant_id, livemode, from_currency, to_currency, corridor, amount_minor, fee_bps, fee_minor, rate, rate_as_of,
             target_amount_minor, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [row.id, scope.tenantId, scope.livemode, row.from_currency, row.to_currency, row.corridor, row.amount_minor, row.fee_bps, row.fee_minor,
            row.rate, row.rate_as_of, row.target_amount_minor, row.expires_at, row.created_at],
        ),
      );
      return ok(quoteFromRow(row, now));
    },

    async get(request: RequestContext, id: string): Promise<Quote | null> {
      if (!isUuid(id)) return null;
      const scope = tenantScope(request);
      const [row] = await readForTenant<QuoteRow>(
        dataSource,
        scope,
        `SELECT ${QUOTE_COLUMNS} FROM payments.quotes WHERE tenant_id = $1 AND livemode = $2 AND id = $3`,
        [scope.tenantId, scope.livemode, id],
      );
      return row ? quoteFromRow(row) : null;
    },
  };
}
