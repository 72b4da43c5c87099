import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';
import { ExportDialog } from './export.dialog';
import { StatementsList } from './statements.list';
import { VolumeChart } from './volume.chart';

export const ReportSummaryQuery = graphql(`
  query ReportSummary($period: ReportPeriod!, $groupBy: ReportGroupBy!) {
    reportSummary(period: $period, groupBy: $groupBy) {
      from
      to
      totals { currency count completedCount successRate averageSettlementSeconds volume { amount currency } fees { amount } }
      previousTotals { currency count successRate volume { amount currency } }
      groups { key figures { currency count successRate volume { amount currency } } previous { volume { amount } } }
    }
    volumeSeries(period: $period, interval: HOUR) { points { at currency count volume { amount currency } } }
  }
`);

type Period = 'DAY' | 'WEEK' | 'MONTH';
const PERIODS: ReadonlyArray<{ readonly value: Period; readonly label: string }> = [
  { value: 'DAY', label: 'Today' },
  { value: 'WEEK', label: 'This week' },
  { value: 'MONTH', label: 'This month' },
];

function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** Volume, success rate and corridors for a period, against the one before; exports and statements. */
export function ReportsPage() {
  const [period, setPeriod] = useState<Period>('DAY');
  const [exporting, setExporting] = useState(false);
  const { data, loading, error } = useQuery(ReportSummaryQuery, { variables: { period, groupBy: 'CORRIDOR' }, fetchPolicy: 'cache-and-network' });
  const summary = data?.reportSummary;
  const previous = new Map((summary?.previousTotals ?? []).map((figures) => [figures.currency, figures]));

  return (
    <main className="page" data-testid="reports-page">
      <section className="card" aria-labelledby="reports-title">
        <div className="toolbar">
          <h1 className="card__title" id="reports-title">
            Reports
          </h1>
          <div className="chips" role="group" aria-label="Period">
            {PERIODS.map((option) => (
              <button
                key={option.value}
                type="button"
                className={`button button--small ${period === option.value ? 'button--primary' : 'button--ghost'}`}
                aria-pressed={period === option.value}
                onClick={() => setPeriod(option.value)}
              >
                {option.label}
              </button>
            ))}
          </div>
          <button type="button" className="button button--primary button--small" onClick={() => setExporting(true)} data-testid="open-export">
            Export…
          </button>
        </div>
        {error ? <p className="alert alert--error">{describeError(error)}</p> : null}
        {loading && !summary ? <p className="muted">Loading…</p> : null}
        {summary && summary.totals.length === 0 ? <p className="empty">No transfers in this period.</p> : null}
        {summary && summary.totals.length > 0 ? (
          <div className="table-scroll" tabIndex={0}>
          <table className="table" data-testid="report-totals">
            <thead>
              <tr>
                <th>Currency</th>
                <th>Volume</th>
                <th>Previous period</th>
                <th>Transfers</th>
                <th>Success rate</th>
                <th>Fees</th>
              </tr>
            </thead>
            <tbody>
              {summary.totals.map((figures) => (
                <tr key={figures.currency} className="row" data-testid={`totals-${figures.currency}`}>
                  <td>{figures.currency}</td>
                  <td className="cell-money">{figures.volume.amount}</td>
                  <td className="cell-money">{previous.get(figures.currency)?.volume.amount ?? '0'}</td>
                  <td>{figures.count}</td>
                  <td data-testid="success-rate">{percent(figures.successRate)}</td>
                  <td className="cell-money">{figures.fees.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        ) : null}
      </section>

      {data ? <VolumeChart points={data.volumeSeries.points} /> : null}

      {summary && summary.groups.length > 0 ? (
        <section className="card" aria-labelledby="corridors-title">
          <h2 className="card__title" id="corridors-title">
            Corridors
          </h2>
          <div className="table-scroll" tabIndex={0}>
          <table className="table" data-testid="report-corridors">
            <thead>
              <tr>
                <th>Corridor</th>
                <th>Currency</th>
                <th>Volume</th>
                <th>Previous</th>
                <th>Success rate</th>
              </tr>
            </thead>
            <tbody>
              {summary.groups.map((group) => (
                <tr key={`${group.key}-${group.figures.currency}`} className="row">
                  <td>{group.key === 'none' ? 'Within the platform' : group.key}</td>
                  <td>{group.figures.currency}</td>
                  <td className="cell-money">{group.figures.volume.amount}</td>
                  <td className="cell-money">{group.previous?.volume.amount ?? '0'}</td>
                  <td>{percent(group.figures.successRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      ) : null}

      <StatementsList />
      {exporting ? <ExportDialog onClose={() => setExporting(false)} /> : null}
    </main>
  );
}
