import { Link } from '../app/router';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import type { TransferStatus, TransferType } from '../gql/graphql';
import { Money, Status, Time, type Tone } from '../ui/page.components';

export const TransferRowFields = graphql(`
  fragment TransferRowFields on Transfer {
    id
    type
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
    payout {
      network
      destination
      targetAmount {
        amount
        currency
      }
    }
  }
`);

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, { readonly text: string; readonly tone: Tone }> = {
  PENDING: { text: 'Pending', tone: 'warn' },
  PENDING_APPROVAL: { text: 'Awaiting approval', tone: 'warn' },
  PROCESSING: { text: 'Processing', tone: 'warn' },
  REQUIRES_MANUAL_INTERVENTION: { text: 'Needs review', tone: 'bad' },
  COMPLETED: { text: 'Completed', tone: 'good' },
  FAILED: { text: 'Failed', tone: 'bad' },
  CANCELLED: { text: 'Cancelled', tone: 'quiet' },
};

export const TRANSFER_TYPE_LABELS: Record<TransferType, string> = {
  INTERNAL: 'Transfer',
  CROSS_BORDER: 'Cross-border',
  PAYOUT: 'Payout',
  DEPOSIT: 'Deposit',
  REFUND: 'Refund',
};

/** Where a transfer's detail lives: payouts have their own section. */
export function transferPath(transfer: { readonly id: string; readonly type: TransferType }): string {
  return `${transfer.type === 'PAYOUT' ? '/payouts' : '/transfers'}/${transfer.id}`;
}

export function TransferRow({ transfer: transferRef }: { readonly transfer: FragmentType<typeof TransferRowFields> }) {
  const transfer = getFragmentData(TransferRowFields, transferRef);
  const status = TRANSFER_STATUS_LABELS[transfer.status];

  return (
    <tr className="row" data-testid="transfer-row" data-transfer-id={transfer.id}>
      <td className="cell-time" data-label="When">
        <Link to={transferPath(transfer)} className="row-link">
          <Time iso={transfer.createdAt} testId="transfer-created-at" />
        </Link>
      </td>
      <td data-label="From → to" data-testid="transfer-parties">
        <TransferParties transfer={transfer} />
      </td>
      <td className="cell-money" data-label="Amount">
        <span data-testid="transfer-amount">
          <Money value={transfer.amount} />
        </span>
        {transfer.payout && transfer.payout.targetAmount.currency !== transfer.amount.currency && (
          <span className="cell-sub">
            → <Money value={transfer.payout.targetAmount} />
          </span>
        )}
      </td>
      <td data-label="Status">
        <Status tone={status.tone} testId="transfer-status" value={transfer.status}>
          {status.text}
        </Status>
        <span className="cell-sub">{TRANSFER_TYPE_LABELS[transfer.type]}</span>
      </td>
      <td className="cell-description" data-label="Description" data-testid="transfer-description">
        {transfer.description ?? <span className="muted">No description</span>}
      </td>
    </tr>
  );
}

interface Parties {
  readonly type: TransferType;
  readonly from?: { readonly id: string; readonly name: string } | null;
  readonly to?: { readonly id: string; readonly name: string } | null;
  readonly payout?: { readonly network: string; readonly destination: string } | null;
}

/** Names both sides; a payout's far side is its payee on its network, a deposit's is outside money. */
export function TransferParties({ transfer }: { readonly transfer: Parties }) {
  const outside = transfer.type === 'DEPOSIT' ? 'Deposit from outside' : 'Outside Orquesta';
  return (
    <>
      <span className="cell-name" data-testid="transfer-from-name">
        {transfer.from ? <Link to={`/accounts/${transfer.from.id}`}>{transfer.from.name}</Link> : <span className="muted">{outside}</span>}
      </span>
      <span className="transfer-arrow" aria-label="to">
        →
      </span>
      <span className="cell-name" data-testid="transfer-to-name">
        {transfer.to ? (
          <Link to={`/accounts/${transfer.to.id}`}>{transfer.to.name}</Link>
        ) : transfer.payout ? (
          <span data-testid="transfer-payee">
            {transfer.payout.destination} <span className="tag">{transfer.payout.network}</span>
          </span>
        ) : (
          <span className="muted">{outside}</span>
        )}
      </span>
    </>
  );
}
