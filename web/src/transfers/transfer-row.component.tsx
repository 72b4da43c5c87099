import { getFragmentData, graphql, type FragmentType } from '../gql';
import type { TransferStatus } from '../gql/graphql';

export const TransferRowFields = graphql(`
  fragment TransferRowFields on Transfer {
    id
    status
    description
    createdAt
    amount {
      amount
      currency
    }
    from {
      id
      name
    }
    to {
      id
      name
    }
  }
`);

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, { readonly text: string; readonly tone: string }> = {
  PENDING: { text: 'Pending', tone: 'warn' },
  PENDING_APPROVAL: { text: 'Awaiting approval', tone: 'warn' },
  PROCESSING: { text: 'Processing', tone: 'warn' },
  REQUIRES_MANUAL_INTERVENTION: { text: 'Needs review', tone: 'bad' },
  COMPLETED: { text: 'Completed', tone: 'good' },
  FAILED: { text: 'Failed', tone: 'bad' },
  CANCELLED: { text: 'Cancelled', tone: 'quiet' },
};

const timestampFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timestampFormatFull = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

export function TransferRow({ transfer: transferRef }: { readonly transfer: FragmentType<typeof TransferRowFields> }) {
  const transfer = getFragmentData(TransferRowFields, transferRef);
  const status = TRANSFER_STATUS_LABELS[transfer.status];
  const createdAt = new Date(transfer.createdAt);

  return (
    <tr className="row" data-testid="transfer-row" data-transfer-id={transfer.id}>
      <td className="cell-time">
        <time dateTime={transfer.createdAt} title={timestampFormatFull.format(createdAt)} data-testid="transfer-created-at">
          {timestampFormat.format(createdAt)}
        </time>
      </td>
      <td data-testid="transfer-parties">
        {/* An account outside the tenant's (a rail, a deposit) has no name to show. */}
        <span className="cell-name" data-testid="transfer-from-name">
          {transfer.from?.name ?? <span className="muted">Outside Orquesta</span>}
        </span>
        <span className="transfer-arrow" aria-label="to">
          →
        </span>
        <span className="cell-name" data-testid="transfer-to-name">
          {transfer.to?.name ?? <span className="muted">Outside Orquesta</span>}
        </span>
      </td>
      <td className="cell-money" data-testid="transfer-amount">
        <span className="cell-money__amount">{transfer.amount.amount}</span> <span className="cell-sub cell-sub--inline">{transfer.amount.currency}</span>
      </td>
      <td>
        <span className={`status status--${status.tone}`} data-testid="transfer-status" data-status={transfer.status}>
          {status.text}
        </span>
      </td>
      <td className="cell-description" data-testid="transfer-description">
        {transfer.description ?? <span className="muted">No description</span>}
      </td>
    </tr>
  );
}
