import { useEffect, useRef, useState } from 'react';
import { useSubscription } from '@apollo/client';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import type { AccountType, AgentStatus, VerificationStatus } from '../gql/graphql';
import { describeError } from '../graphql/graphql-error.messages';
import { Link } from '../app/router';
import { TestFundsButton } from '../money/test-funds.button';
import { LiveMoney, Time } from '../ui/page.components';

export const AccountRowFields = graphql(`
  fragment AccountRowFields on Account {
    id
    name
    type
    email
    verificationTier
    verificationStatus
    updatedAt
    agents {
      id
      name
      status
    }
    balances {
      currency
      available
      total
    }
    # The newest money movement: "Updated" is the later of this and the account's own changes.
    ledgerEntries(first: 1) {
      nodes {
        id
        createdAt
      }
    }
  }
`);

// Selects the same fields as the row, so each event rewrites the cached Account and the row
// re-renders from the cache; nothing is refetched. `$after` is left unset here: the link fills
// it with the last event id when the socket reconnects, so missed changes are replayed.
const AccountRowLive = graphql(`
  subscription AccountRowLive($id: ID!, $after: ID) {
    accountUpdated(id: $id, after: $after) {
      id
      ...AccountRowFields
    }
  }
`);

const AGENT_CHIPS_MAX = 3;
const FLASH_MS = 1_600;

const TYPE_LABELS: Record<AccountType, string> = { PERSON: 'Person', BUSINESS: 'Business' };

const VERIFICATION_LABELS: Record<VerificationStatus, { readonly text: string; readonly tone: string }> = {
  UNVERIFIED: { text: 'Unverified', tone: 'quiet' },
  PENDING: { text: 'Pending', tone: 'warn' },
  VERIFIED: { text: 'Verified', tone: 'good' },
  REJECTED: { text: 'Rejected', tone: 'bad' },
  SUSPENDED: { text: 'Suspended', tone: 'bad' },
};

const AGENT_STATUS_LABELS: Record<AgentStatus, string> = { ACTIVE: 'active', PAUSED: 'paused', SUSPENDED: 'suspended' };


interface AccountRowProps {
  readonly account: FragmentType<typeof AccountRowFields>;
  /** Whether this row holds a live subscription (rows past the bound do not). */
  readonly live: boolean;
}

export function AccountRow({ account: accountRef, live }: AccountRowProps) {
  const account = getFragmentData(AccountRowFields, accountRef);
  const { error: liveError } = useSubscription(AccountRowLive, { variables: { id: account.id }, skip: !live });
  // Balance changes are pushed too (accountUpdated carries balance.changed), and flash the row.
  const flashing = useFlashOnChange(`${account.updatedAt}|${account.balances.map((balance) => `${balance.currency}${balance.total}`).join(',')}`);
  const verification = VERIFICATION_LABELS[account.verificationStatus];
  const extraAgents = account.agents.length - AGENT_CHIPS_MAX;

  return (
    <tr className={flashing ? 'row row--flash' : 'row'} data-testid="account-row" data-account-id={account.id}>
      <td data-label="Account">
        <Link to={`/accounts/${account.id}`} className="cell-name" data-testid="account-name">
          {account.name}
        </Link>
        <div className="cell-sub" data-testid="account-email">
          {account.email ?? <span className="muted">No email</span>}
        </div>
      </td>
      <td data-label="Type">
        <span className="tag" data-testid="account-type">
          {TYPE_LABELS[account.type]}
        </span>
      </td>
      <td data-label="Verification">
        <span className={`status status--${verification.tone}`} data-testid="account-verification">
          {verification.text}
        </span>
        <span className="cell-sub cell-sub--inline">Tier {account.verificationTier}</span>
      </td>
      <td data-label="Agents" data-testid="account-agents">
        {account.agents.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <div className="chips">
            {account.agents.slice(0, AGENT_CHIPS_MAX).map((agent) => (
              <span key={agent.id} className={`chip chip--${agent.status.toLowerCase()}`} title={`${agent.name} (${AGENT_STATUS_LABELS[agent.status]})`}>
                {agent.name}
              </span>
            ))}
            {extraAgents > 0 && <span className="chip chip--more">+{extraAgents}</span>}
          </div>
        )}
      </td>
      <td data-label="Balances">
        <div data-testid="account-balances">
          {account.balances.length === 0 ? (
            <span className="muted">No money yet</span>
          ) : (
            account.balances.map((balance) => (
              <div key={balance.currency} className="cell-money">
                <LiveMoney value={{ amount: balance.total, currency: balance.currency }} />
              </div>
            ))
          )}
        </div>
        <TestFundsButton accountId={account.id} accountName={account.name} />
      </td>
      <td className="cell-time" data-label="Updated">
        <Time iso={lastChangedAt(account.updatedAt, account.ledgerEntries.nodes[0]?.createdAt)} testId="account-updated-at" />
      </td>
      <td className="cell-live" data-label="Live">
        <LiveMark live={live} error={liveError} />
      </td>
    </tr>
  );
}

function LiveMark({ live, error }: { readonly live: boolean; readonly error: unknown }) {
  if (!live) return <span className="live-mark live-mark--off" title="Not live: only the first rows get live updates." />;
  if (error) return <span className="live-mark live-mark--bad" title={`Live updates stopped. ${describeError(error)}`} data-testid="account-live-error" />;
  return <span className="live-mark live-mark--on" title="Live: changes appear as they happen." />;
}

/** True for a moment after `value` changes, so a live update is visible in the row. */
function useFlashOnChange(value: string): boolean {
  const seen = useRef(value);
  const [flashing, setFlashing] = useState(false);
  useEffect(() => {
    if (seen.current === value) return;
    seen.current = value;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), FLASH_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return flashing;
}

/** The later of two ISO instants (the account's own change, its newest ledger entry). */
function lastChangedAt(updatedAt: string, movedAt: string | undefined): string {
  return movedAt !== undefined && Date.parse(movedAt) > Date.parse(updatedAt) ? movedAt : updatedAt;
}
