import { useMemo } from 'react';
import { useQuery } from '@apollo/client';
import { Link, useSearchParams } from '../app/router';
import { getFragmentData, graphql } from '../gql';
import { formatMoney, fromMinor, percentChange, toMinor } from '../money/money.format';
import { RecentTransfers } from '../transfers/recent-transfers.list';
import { CURRENCIES } from '../transfers/money-amount.rules';
import { ErrorState, LiveMoney, PageHeader, Skeleton } from '../ui/page.components';
import { BarChart, type Bar } from './bar.chart';

// The graph has no report or KPI query yet, so the overview reads the period's transfers and
// the previous period's (at most 50 each) and computes the figures here, in exact minor units.
const OverviewQuery = graphql(`
  query Overview($from: DateTimeISO!, $to: DateTimeISO!, $previousFrom: DateTimeISO!) {
    current: transfers(first: 50, filter: { from: $from, to: $to }) {
      nodes {
        ...OverviewTransfer
      }
      pageInfo {
        hasNextPage
      }
    }
    previous: transfers(first: 50, filter: { from: $previousFrom, to: $from }) {
      nodes {
        ...OverviewTransfer
      }
      pageInfo {
        hasNextPage
      }
    }
    accounts(first: 50) {
      nodes {
        id
        balances {
          currency
          total
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const OverviewTransfer = graphql(`
  fragment OverviewTransfer on Transfer {
    id
    type
    status
    createdAt
    amount {
      amount
      currency
    }
    fee {
      amount
      currency
    }
    route {
      corridor
    }
  }
`);

const PERIODS = { '24h': { label: 'Last 24 hours', days: 1 }, '7d': { label: 'Last 7 days', days: 7 }, '30d': { label: 'Last 30 days', days: 30 } } as const;
type PeriodKey = keyof typeof PERIODS;
const DAY_MS = 86_400_000;

interface OverviewTransferView {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly createdAt: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly fee: { readonly amount: string; readonly currency: string };
  readonly route?: { readonly corridor: string } | null;
}

const scaleOf = (currency: string) => CURRENCIES.find((entry) => entry.code === currency)?.scale ?? 2;

function summarize(transfers: readonly OverviewTransferView[]) {
  const volume = new Map<string, bigint>();
  const fees = new Map<string, bigint>();
  let completed = 0;
  let failed = 0;
  for (const transfer of transfers) {
    if (transfer.status === 'COMPLETED') {
      completed += 1;
      volume.set(transfer.amount.currency, (volume.get(transfer.amount.currency) ?? 0n) + toMinor(transfer.amount.amount, scaleOf(transfer.amount.currency)));
      fees.set(transfer.fee.currency, (fees.get(transfer.fee.currency) ?? 0n) + toMinor(transfer.fee.amount, scaleOf(transfer.fee.currency)));
    }
    if (transfer.status === 'FAILED') failed += 1;
  }
  const settled = completed + failed;
  return { volume, fees, count: transfers.length, completed, successRate: settled === 0 ? undefined : completed / settled };
}

export default function OverviewPage() {
  const [params, update] = useSearchParams();
  const periodKey: PeriodKey = (params.get('period') as PeriodKey | null) ?? '7d';
  const period = PERIODS[periodKey] ?? PERIODS['7d'];
  // Whole minutes, so the variables (and the cache key) hold still between renders.
  const range = useMemo(() => {
    const to = Math.ceil(Date.now() / 60_000) * 60_000;
    const from = to - period.days * DAY_MS;
    return { to: new Date(to).toISOString(), from: new Date(from).toISOString(), previousFrom: new Date(from - period.days * DAY_MS).toISOString() };
  }, [period.days]);
  const { data, loading, error, refetch } = useQuery(OverviewQuery, { variables: range, fetchPolicy: 'cache-and-network' });

  const current: readonly OverviewTransferView[] = getFragmentData(OverviewTransfer, data?.current.nodes ?? []);
  const previous: readonly OverviewTransferView[] = getFragmentData(OverviewTransfer, data?.previous.nodes ?? []);
  const now = summarize(current);
  const before = summarize(previous);
  const mainCurrency = [...now.volume.keys(), ...before.volume.keys(), 'USD'][0] ?? 'USD';

  const balances = new Map<string, bigint>();
  for (const account of data?.accounts.nodes ?? []) {
    for (const balance of account.balances) balances.set(balance.currency, (balances.get(balance.currency) ?? 0n) + toMinor(balance.total, scaleOf(balance.currency)));
  }

  const buckets = period.days === 1 ? 24 : period.days;
  const bucketMs = (period.days * DAY_MS) / buckets;
  const start = Date.parse(range.from);
  const volumeBars: Bar[] = [];
  const successBars: Bar[] = [];
  for (let index = 0; index < buckets; index += 1) {
    const inBucket = current.filter((transfer) => Math.floor((Date.parse(transfer.createdAt) - start) / bucketMs) === index);
    const summary = summarize(inBucket);
    const label = new Intl.DateTimeFormat(undefined, period.days === 1 ? { hour: 'numeric' } : { month: 'short', day: 'numeric' }).format(new Date(start + index * bucketMs));
    const minor = summary.volume.get(mainCurrency) ?? 0n;
    volumeBars.push({ label, value: Number(minor) / 10 ** scaleOf(mainCurrency), title: `${label}: ${formatMoney(fromMinor(minor, scaleOf(mainCurrency)), mainCurrency)}` });
    successBars.push({ label, value: summary.successRate === undefined ? 0 : summary.successRate * 100, title: `${label}: ${summary.successRate === undefined ? 'nothing settled' : `${Math.round(summary.successRate * 100)}% succeeded`}` });
  }
  const corridors = new Map<string, number>();
  for (const transfer of current) if (transfer.route) corridors.set(transfer.route.corridor, (corridors.get(transfer.route.corridor) ?? 0) + 1);
  const topCorridors = [...corridors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const capped = data?.current.pageInfo.hasNextPage || data?.previous.pageInfo.hasNextPage;

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={`${period.label}, compared with the ${period.days === 1 ? 'day' : `${period.days} days`} before.`}
        actions={
          <div className="segmented" role="group" aria-label="Period">
            {(Object.keys(PERIODS) as PeriodKey[]).map((key) => (
              <button key={key} type="button" className="segmented__option" aria-pressed={key === periodKey} onClick={() => update({ period: key === '7d' ? null : key })}>
                {PERIODS[key].label.replace('Last ', '')}
              </button>
            ))}
          </div>
        }
      />
      {error && <ErrorState error={error} onRetry={refetch} />}
      {!data ? (
        loading && <Skeleton label="Loading overview" />
      ) : (
        <>
          <div className="kpis" data-testid="kpis">
            <Kpi label={`Volume (${mainCurrency})`} value={formatMoney(fromMinor(now.volume.get(mainCurrency) ?? 0n, scaleOf(mainCurrency)), mainCurrency)} change={percentChange(now.volume.get(mainCurrency) ?? 0n, before.volume.get(mainCurrency) ?? 0n)} previous={formatMoney(fromMinor(before.volume.get(mainCurrency) ?? 0n, scaleOf(mainCurrency)), mainCurrency)} />
            <Kpi label="Transfers" value={String(now.count)} change={percentChange(BigInt(now.count), BigInt(before.count))} previous={String(before.count)} />
            <Kpi label="Success rate" value={rate(now.successRate)} previous={rate(before.successRate)} />
            <Kpi label={`Fees (${mainCurrency})`} value={formatMoney(fromMinor(now.fees.get(mainCurrency) ?? 0n, scaleOf(mainCurrency)), mainCurrency)} change={percentChange(now.fees.get(mainCurrency) ?? 0n, before.fees.get(mainCurrency) ?? 0n)} previous={formatMoney(fromMinor(before.fees.get(mainCurrency) ?? 0n, scaleOf(mainCurrency)), mainCurrency)} />
          </div>
          {capped && <p className="muted footnote">Figures use the newest 50 transfers of each period; Reports will carry complete totals.</p>}
          <section className="card" aria-labelledby="balances-title">
            <h2 className="card__title" id="balances-title">
              Balances by currency
            </h2>
            {balances.size === 0 ? (
              <p className="muted">
                No money yet. Open an account on <Link to="/accounts">Accounts</Link> and press “Add test funds”.
              </p>
            ) : (
              <div className="balances-row" data-testid="overview-balances">
                {[...balances.entries()].map(([currency, minor]) => (
                  <div key={currency} className="balance-chip">
                    <span className="muted">{currency}</span>
                    <LiveMoney value={{ amount: fromMinor(minor, scaleOf(currency)), currency }} />
                  </div>
                ))}
              </div>
            )}
          </section>
          <div className="charts">
            <section className="card" aria-labelledby="volume-chart-title">
              <h2 className="card__title" id="volume-chart-title">
                Volume over time ({mainCurrency})
              </h2>
              <BarChart bars={volumeBars} label={`Completed volume in ${mainCurrency}, per ${period.days === 1 ? 'hour' : 'day'}`} />
            </section>
            <section className="card" aria-labelledby="success-chart-title">
              <h2 className="card__title" id="success-chart-title">
                Success rate
              </h2>
              <BarChart bars={successBars} label="Share of settled transfers that completed" max={100} unit="%" />
            </section>
            <section className="card" aria-labelledby="corridors-title">
              <h2 className="card__title" id="corridors-title">
                Top corridors
              </h2>
              {topCorridors.length === 0 ? (
                <p className="muted">No payouts in this period. Corridors appear once you send a payout.</p>
              ) : (
                <ol className="corridors">
                  {topCorridors.map(([corridor, count]) => (
                    <li key={corridor}>
                      <span>{corridor}</span>
                      <span className="corridors__bar" style={{ width: `${(count / (topCorridors[0]?.[1] ?? 1)) * 100}%` }} aria-hidden="true" />
                      <span className="muted">{count}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        </>
      )}
      <RecentTransfers max={8} title="Recent activity" />
    </>
  );
}

function rate(value: number | undefined): string {
  return value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

function Kpi({ label, value, change, previous }: { readonly label: string; readonly value: string; readonly change?: string; readonly previous: string }) {
  return (
    <div className="kpi" data-testid="kpi">
      <p className="kpi__label">{label}</p>
      <p className="kpi__value">{value}</p>
      <p className="kpi__compare">
        {change !== undefined && <span className={change.startsWith('−') ? 'text-bad' : 'text-good'}>{change} </span>}
        <span className="muted">previous period {previous}</span>
      </p>
    </div>
  );
}
