import { useQuery } from '@apollo/client';
import { Link, useSearchParams } from '../app/router';
import { graphql } from '../gql';
import type { TransferFilter, TransferStatus, TransferType } from '../gql/graphql';
import { EmptyState, ErrorState, FilterSelect, PageHeader, Pager, Section, Skeleton } from '../ui/page.components';
import { useLiveTransfers } from './live-transfers.hook';
import { TransfersTable } from './recent-transfers.list';
import { TRANSFER_STATUS_LABELS, TRANSFER_TYPE_LABELS } from './transfer-row.component';

export const TransfersListQuery = graphql(`
  query TransfersList($first: Int!, $after: String, $filter: TransferFilter) {
    transfers(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        ...TransferRowFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const TRANSFERS_PAGE_SIZE = 25;

export const STATUS_OPTIONS = Object.entries(TRANSFER_STATUS_LABELS).map(([value, label]) => [value, label.text] as const);

/** The list's filter from the URL (`?status=&type=&account=&from=&to=`). */
export function transferFilterOf(params: URLSearchParams, fixedType?: TransferType): TransferFilter | null {
  const filter: TransferFilter = {};
  const status = params.get('status');
  if (status && status in TRANSFER_STATUS_LABELS) filter.status = status as TransferStatus;
  const type = fixedType ?? params.get('type');
  if (type && type in TRANSFER_TYPE_LABELS) filter.type = type as TransferType;
  const account = params.get('account');
  if (account) filter.accountId = account;
  const from = params.get('from');
  if (from && !Number.isNaN(Date.parse(from))) filter.from = new Date(from).toISOString();
  const to = params.get('to');
  if (to && !Number.isNaN(Date.parse(to))) filter.to = new Date(to).toISOString();
  return Object.keys(filter).length > 0 ? filter : null;
}

export default function TransfersPage() {
  const [params, update] = useSearchParams();
  const filter = transferFilterOf(params);
  const after = params.get('after');
  const variables = { first: TRANSFERS_PAGE_SIZE, after, filter };
  const { data, loading, error, refetch } = useQuery(TransfersListQuery, { variables, fetchPolicy: 'cache-and-network' });
  // Only the first page takes new transfers at the top; a later page is a fixed slice.
  useLiveTransfers(TransfersListQuery, variables, {
    pageSize: TRANSFERS_PAGE_SIZE,
    skip: after !== null,
    accepts: (transfer) => (!filter?.status || transfer.status === filter.status) && (!filter?.type || transfer.type === filter.type) && !filter?.accountId && !filter?.to,
  });
  const transfers = data?.transfers;
  const filtered = filter !== null;

  return (
    <>
      <PageHeader title="Transfers" subtitle="Every movement of money: between your accounts, in from deposits and out as payouts. New ones appear as they happen." />
      <Section
        title="All transfers"
        testId="transfers-list"
        actions={
          <div className="filters">
            <FilterSelect label="Status" param="status" options={STATUS_OPTIONS} testId="filter-status" />
            <FilterSelect label="Type" param="type" options={Object.entries(TRANSFER_TYPE_LABELS)} testId="filter-type" />
            <label className="field field--inline">
              <span className="field__label">Since</span>
              <input className="input" type="date" value={params.get('from') ?? ''} onChange={(event) => update({ from: event.target.value })} />
            </label>
            {filtered && (
              <button type="button" className="button button--small button--ghost" onClick={() => update({ status: null, type: null, account: null, from: null, to: null })}>
                Clear filters
              </button>
            )}
          </div>
        }
      >
        {error && <ErrorState error={error} onRetry={refetch} />}
        {transfers === undefined ? (
          loading && <Skeleton label="Loading transfers" />
        ) : transfers.nodes.length === 0 ? (
          <EmptyState title={filtered ? 'No transfers match these filters' : 'No transfers yet'}>
            {filtered ? 'Clear a filter to see more.' : <>Add test funds on <Link to="/accounts">Accounts</Link> and move money with “Move money”.</>}
          </EmptyState>
        ) : (
          <TransfersTable transfers={transfers.nodes} />
        )}
        <Pager pageInfo={transfers?.pageInfo} shown={transfers?.nodes.length ?? 0} />
      </Section>
    </>
  );
}
