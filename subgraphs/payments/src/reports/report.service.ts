import type { DataSource } from 'typeorm';
import { tenantScope, type RequestContext } from '@orquesta/context';
import { readForTenant } from '@orquesta/db';
import { badInput, ok, type Result } from '@orquesta/graphql';
import { toMoney } from '@orquesta/money';
import { NO_FIGURES, refundsDisputesAndStreamOutflow } from './other-modules.figures';
import type { ReportFigures, ReportGroup, ReportSummary, VolumePoint, VolumeSeries } from './report.type';
import { ReportGroupBy, ReportPeriod, SeriesInterval } from './report.type';

export interface Range {
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;
const CUSTOM_DAYS_MAX = 366;
// Buckets a series may have: a year of days, or three months of hours.
const SERIES_POINTS_MAX = 2_200;

/** The UTC calendar period of `kind` containing `at`, and the one before it. */
export function periodRange(kind: ReportPeriod, at: Date): { current: Range; previous: Range } {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (kind === ReportPeriod.DAY) {
    return { current: { from: day, to: new Date(day.getTime() + DAY_MS) }, previous: { from: new Date(day.getTime() - DAY_MS), to: day } };
  }
  if (kind === ReportPeriod.WEEK) {
    const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
    return { current: { from: monday, to: new Date(monday.getTime() + 7 * DAY_MS) }, previous: { from: new Date(monday.getTime() - 7 * DAY_MS), to: monday } };
  }
  const first = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  return {
    current: { from: first, to: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) },
    previous: { from: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1)), to: first },
  };
}

/** The period a request names: a calendar period, or [from, to) with the same length before it. */
export function resolvePeriod(kind: ReportPeriod, from?: Date | null, to?: Date | null, now = new Date()): Result<{ current: Range; previous: Range }> {
  if (kind !== ReportPeriod.CUSTOM) return ok(periodRange(kind, from ?? now));
  if (!from || !to) return badInput(from ? 'to' : 'from', 'is required for a CUSTOM period');
  if (!(from < to)) return badInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > CUSTOM_DAYS_MAX * DAY_MS) return badInput('to', `a period is at most ${CUSTOM_DAYS_MAX} days`);
  const length = to.getTime() - from.getTime();
  return ok({ current: { from, to }, previous: { from: new Date(from.getTime() - length), to: from } });
}

// The key each grouping reads. Payout facts (corridor, rail) live in payments.payouts; the other
// groupings read only the transfers' covering index.
const GROUP_KEYS: Readonly<Record<ReportGroupBy, { readonly key: string; readonly joinsPayouts: boolean }>> = {
  [ReportGroupBy.CORRIDOR]: { key: "COALESCE(p.corridor, 'none')", joinsPayouts: true },
  [ReportGroupBy.RAIL]: { key: "COALESCE(p.rail, 'none')", joinsPayouts: true },
  [ReportGroupBy.CURRENCY]: { key: 't.currency', joinsPayouts: false },
  [ReportGroupBy.AGENT]: { key: "CASE WHEN t.initiated_by->>'type' = 'agent' THEN t.initiated_by->>'id' ELSE 'none' END", joinsPayouts: false },
  [ReportGroupBy.ACCOUNT]: { key: "COALESCE(t.from_account_id::text, 'none')", joinsPayouts: false },
};

interface FigureRow {
  current: boolean;
  key: string;
  currency: string;
  volume_minor: string;
  fees_minor: string;
  count: string;
  completed: string;
  finished: string;
  settlement_seconds_sum: string | null;
}

interface Accumulated {
  volumeMinor: bigint;
  feesMinor: bigint;
  count: number;
  completed: number;
  finished: number;
  settlementSecondsSum: number;
}

function accumulate(into: Accumulated | undefined, row: FigureRow): Accumulated {
  const base = into ?? { volumeMinor: 0n, feesMinor: 0n, count: 0, completed: 0, finished: 0, settlementSecondsSum: 0 };
  return {
    volumeMinor: base.volumeMinor + BigInt(row.volume_minor),
    feesMinor: base.feesMinor + BigInt(row.fees_minor),
    count: base.count + Number(row.count),
    completed: base.completed + Number(row.completed),
    finished: base.finished + Number(row.finished),
    settlementSecondsSum: base.settlementSecondsSum + Number(row.settlement_seconds_sum ?? 0),
  };
}

function figuresOf(currency: string, sums: Accumulated, others = NO_FIGURES): ReportFigures {
  return {
    currency,
    volume: toMoney(sums.volumeMinor, currency),
    count: sums.count,
    completedCount: sums.completed,
    fees: toMoney(sums.feesMinor, currency),
    successRate: sums.finished === 0 ? null : sums.completed / sums.finished,
    averageSettlementSeconds: sums.completed === 0 ? null : sums.settlementSecondsSum / sums.completed,
    refunds: toMoney(others.refundsMinor, currency),
    disputes: others.disputes,
    streamOutflow: toMoney(others.streamOutflowMinor, currency),
  };
}

const FINISHED = "('completed', 'failed', 'cancelled', 'requires_manual_intervention')";

export type ReportService = ReturnType<typeof createReportService>;

/**
 * Reports computed from the transfers (the ledger's record of what moved) in one statement per
 * question: both periods in one scan of the `transfers_by_time` covering index.
 */
export function createReportService({ dataSource }: { dataSource: DataSource }) {
  return {
    async summary(request: RequestContext, input: { period: ReportPeriod; from?: Date | null; to?: Date | null; groupBy: ReportGroupBy }): Promise<Result<ReportSummary>> {
      const resolved = resolvePeriod(input.period, input.from, input.to);
      if (!resolved.ok) return resolved;
      const { current, previous } = resolved.value;
      const scope = tenantScope(request);
      const group = GROUP_KEYS[input.groupBy];
      const rows = await readForTenant<FigureRow>(
        dataSource,
        scope,
        `SELECT t.created_at >= $4 AS current, ${group.key} AS key, t.currency,
                COALESCE(sum(t.amount_minor) FILTER (WHERE t.status = 'completed'), 0)::text AS volume_minor,
                COALESCE(sum(t.fee_minor) FILTER (WHERE t.status = 'completed'), 0)::text AS fees_minor,
                count(*)::text AS count,
                count(*) FILTER (WHERE t.status = 'completed')::text AS completed,
                count(*) FILTER (WHERE t.status IN ${FINISHED})::text AS finished,
                sum(extract(epoch FROM t.completed_at - t.created_at)) FILTER (WHERE t.status = 'completed')::text AS settlement_seconds_sum
           FROM payments.transfers t ${group.joinsPayouts ? 'LEFT JOIN payments.payouts p ON p.transfer_id = t.id' : ''}
          WHERE t.tenant_id = $1 AND t.livemode = $2 AND t.created_at >= $3 AND t.created_at < $5
          GROUP BY 1, 2, 3`,
        [scope.tenantId, scope.livemode, previous.from, current.from, current.to],
      );
      const [others, previousOthers] = await Promise.all([refundsDisputesAndStreamOutflow(scope, current), refundsDisputesAndStreamOutflow(scope, previous)]);

      const totals = new Map<string, Accumulated>();
      const previousTotals = new Map<string, Accumulated>();
      const groups = new Map<string, { key: string; currency: string; now?: Accumulated; before?: Accumulated }>();
      for (const row of rows) {
        const target = row.current ? totals : previousTotals;
        target.set(row.currency, accumulate(target.get(row.currency), row));
        const id = `${row.key}\u0000${row.currency}`;
        const entry = groups.get(id) ?? { key: row.key, currency: row.currency };
        if (row.current) entry.now = accumulate(entry.now, row);
        else entry.before = accumulate(entry.before, row);
        groups.set(id, entry);
      }
      const byCurrency = (map: Map<string, Accumulated>, extra: ReadonlyMap<string, typeof NO_FIGURES>) =>
        [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, sums]) => figuresOf(currency, sums, extra.get(currency)));
      const listed: ReportGroup[] = [...groups.values()]
        .filter((entry) => entry.now)
        .sort((a, b) => (b.now!.volumeMinor > a.now!.volumeMinor ? 1 : b.now!.volumeMinor < a.now!.volumeMinor ? -1 : a.key.localeCompare(b.key)))
        .map((entry) => ({ key: entry.key, figures: figuresOf(entry.currency, entry.now!), previous: entry.before ? figuresOf(entry.currency, entry.before) : null }));
      return ok({
        from: current.from,
        to: current.to,
        previousFrom: previous.from,
        previousTo: previous.to,
        groupBy: input.groupBy,
        totals: byCurrency(totals, others),
        previousTotals: byCurrency(previousTotals, previousOthers),
        groups: listed,
      });
    },

    async volumeSeries(request: RequestContext, input: { period: ReportPeriod; from?: Date | null; to?: Date | null; interval: SeriesInterval }): Promise<Result<VolumeSeries>> {
      const resolved = resolvePeriod(input.period, input.from, input.to);
      if (!resolved.ok) return resolved;
      const { current } = resolved.value;
      const bucketMs = { [SeriesInterval.HOUR]: 3_600_000, [SeriesInterval.DAY]: DAY_MS, [SeriesInterval.WEEK]: 7 * DAY_MS }[input.interval];
      if ((current.to.getTime() - current.from.getTime()) / bucketMs > SERIES_POINTS_MAX) return badInput('interval', 'too many points for this period: choose a longer interval');
      const scope = tenantScope(request);
      const rows = await readForTenant<{ at: Date; currency: string; volume_minor: string; count: string; completed: string; finished: string }>(
        dataSource,
        scope,
        `SELECT date_trunc($5, t.created_at, 'UTC') AS at, t.currency,
                COALESCE(sum(t.amount_minor) FILTER (WHERE t.status = 'completed'), 0)::text AS volume_minor,
                count(*)::text AS count,
                count(*) FILTER (WHERE t.status = 'completed')::text AS completed,
                count(*) FILTER (WHERE t.status IN ${FINISHED})::text AS finished
           FROM payments.transfers t
          WHERE t.tenant_id = $1 AND t.livemode = $2 AND t.created_at >= $3 AND t.created_at < $4
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [scope.tenantId, scope.livemode, current.from, current.to, input.interval],
      );
      const points: VolumePoint[] = rows.map((row) => ({
        at: new Date(row.at),
        currency: row.currency,
        volume: toMoney(BigInt(row.volume_minor), row.currency),
        count: Number(row.count),
        successRate: Number(row.finished) === 0 ? null : Number(row.completed) / Number(row.finished),
      }));
      return ok({ from: current.from, to: current.to, interval: input.interval, points });
    },
  };
}
