import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

export const CreateExportMutation = graphql(`
  mutation CreateExport($input: CreateExportInput!) {
    createExport(input: $input) { export { id status progress } }
  }
`);

export const ExportProgressQuery = graphql(`
  query ExportProgress($id: ID!) {
    export(id: $id) { id status progress recordCount downloadUrl expiresAt failureReason }
  }
`);

const FORMATS = [
  ['QUICKBOOKS', 'QuickBooks (3 columns)'],
  ['QUICKBOOKS4', 'QuickBooks (4 columns)'],
  ['XERO', 'Xero'],
  ['NETSUITE', 'NetSuite'],
  ['FULL_CSV', 'Full CSV'],
  ['JSON_LINES', 'JSON lines'],
] as const;
type Format = (typeof FORMATS)[number][0];

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Choose format and period, then watch the build and download the file when it is ready. */
export function ExportDialog({ onClose }: { readonly onClose: () => void }) {
  const [format, setFormat] = useState<Format>('QUICKBOOKS');
  const [dateFormat, setDateFormat] = useState<'US' | 'UK' | 'ISO'>('US');
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(daysAgo(-1));
  const [create, created] = useMutation(CreateExportMutation);
  const exportId = created.data?.createExport.export.id;
  const progress = useQuery(ExportProgressQuery, { variables: { id: exportId ?? '' }, skip: !exportId, pollInterval: 500 });
  const current = progress.data?.export;
  if (current && current.status !== 'PROCESSING' && progress.stopPolling) progress.stopPolling();

  return (
    <div className="dialog-backdrop" role="presentation">
      <section className="card dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
        <h2 className="card__title" id="export-title">
          Export transfers
        </h2>
        <form
          className="create-form"
          onSubmit={(event) => {
            event.preventDefault();
            void create({ variables: { input: { format, dateFormat, from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` } } }).catch(() => undefined);
          }}
        >
          <label className="field">
            <span className="field__label">Format</span>
            <select className="input" value={format} onChange={(event) => setFormat(event.target.value as Format)} data-testid="export-format">
              {FORMATS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Dates</span>
            <select className="input" value={dateFormat} onChange={(event) => setDateFormat(event.target.value as 'US' | 'UK' | 'ISO')}>
              <option value="US">US (MM/DD/YYYY)</option>
              <option value="UK">UK (DD/MM/YYYY)</option>
              <option value="ISO">ISO (YYYY-MM-DD)</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">From</span>
            <input className="input" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          </label>
          <label className="field">
            <span className="field__label">To</span>
            <input className="input" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          </label>
          <button type="submit" className="button button--primary" disabled={created.loading || Boolean(exportId && current?.status === 'PROCESSING')} data-testid="start-export">
            Start export
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Close
          </button>
        </form>
        {created.error ? <p className="alert alert--error">{describeError(created.error)}</p> : null}
        {exportId && (!current || current.status === 'PROCESSING') ? (
          <div>
            <progress max={100} value={current?.progress ?? 0} aria-label="Export progress" data-testid="export-progress" />
            <span className="muted"> Processing… {current?.progress ?? 0}%</span>
          </div>
        ) : null}
        {current?.status === 'READY' && current.downloadUrl ? (
          <p className="alert alert--success">
            {current.recordCount} lines.{' '}
            <a href={current.downloadUrl} download data-testid="export-download">
              Download
            </a>{' '}
            (link valid until {new Date(current.expiresAt ?? '').toLocaleTimeString()})
          </p>
        ) : null}
        {current?.status === 'FAILED' ? <p className="alert alert--error">The export failed: {current.failureReason}</p> : null}
      </section>
    </div>
  );
}
