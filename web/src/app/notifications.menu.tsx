import { useRef, useState } from 'react';
import { useQuery, useSubscription } from '@apollo/client';
import { graphql } from '../gql';
import { formatMoney } from '../money/money.format';
import { useDismiss } from './dismiss.hook';
import { Link } from './router';

// What needs someone's attention: payouts that failed or wait for a person, webhook endpoints
// that were turned off. Approvals join once the agents' backend has them.
const NotificationsQuery = graphql(`
  query Notifications {
    failed: transfers(first: 5, filter: { type: PAYOUT, status: FAILED }) {
      nodes {
        id
        createdAt
        failureReason
        amount {
          amount
          currency
        }
      }
    }
    manual: transfers(first: 5, filter: { type: PAYOUT, status: REQUIRES_MANUAL_INTERVENTION }) {
      nodes {
        id
        createdAt
        amount {
          amount
          currency
        }
      }
    }
    webhookEndpoints(first: 20) {
      nodes {
        id
        url
        status
        disabledReason
      }
    }
  }
`);

const NotificationEvents = graphql(`
  subscription NotificationEvents($types: [String!], $after: ID) {
    paymentEvents(types: $types, after: $after) {
      id
      type
    }
  }
`);

const WATCHED = ['transfer.failed', 'transfer.requires_manual_intervention', 'webhook_endpoint.disabled', 'liquidity.low'];

export function NotificationsMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  useDismiss(menu);
  const [unseen, setUnseen] = useState(0);
  const { data, refetch } = useQuery(NotificationsQuery, { fetchPolicy: 'cache-and-network' });
  useSubscription(NotificationEvents, {
    variables: { types: WATCHED },
    onData: () => {
      setUnseen((count) => count + 1);
      void refetch().catch(() => undefined);
    },
  });

  const items = [
    ...(data?.failed.nodes ?? []).map((transfer) => ({
      key: transfer.id,
      to: `/payouts/${transfer.id}`,
      tone: 'bad',
      text: `Payout of ${formatMoney(transfer.amount.amount, transfer.amount.currency)} failed${transfer.failureReason ? `: ${transfer.failureReason}` : ''}`,
    })),
    ...(data?.manual.nodes ?? []).map((transfer) => ({
      key: transfer.id,
      to: `/payouts/${transfer.id}`,
      tone: 'warn',
      text: `Payout of ${formatMoney(transfer.amount.amount, transfer.amount.currency)} needs a decision`,
    })),
    ...(data?.webhookEndpoints.nodes ?? [])
      .filter((endpoint) => endpoint.status === 'DISABLED' && endpoint.disabledReason !== 'MANUAL')
      .map((endpoint) => ({ key: endpoint.id, to: `/developers/webhooks?endpoint=${endpoint.id}`, tone: 'bad', text: `Webhook endpoint ${endpoint.url} was turned off (${endpoint.disabledReason === 'GONE' ? 'it answered 410 Gone' : 'it kept failing'})` })),
  ];
  const count = items.length;

  return (
    <details className="menu" ref={menu} onToggle={() => setUnseen(0)} data-testid="notifications">
      <summary className="menu__button icon-button" data-testid="notifications-button">
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" fill="currentColor">
          <path d="M10 2a5 5 0 0 0-5 5v3.6L3.3 13.4A1 1 0 0 0 4.2 15h11.6a1 1 0 0 0 .9-1.6L15 10.6V7a5 5 0 0 0-5-5Zm-2 14a2 2 0 0 0 4 0H8Z" />
        </svg>
        <span className="visually-hidden">Notifications, {count} need attention</span>
        {count > 0 && (
          <span className={unseen > 0 ? 'menu__count menu__count--new' : 'menu__count'} aria-hidden="true" data-testid="notifications-count">
            {count}
          </span>
        )}
      </summary>
      <div className="menu__panel notifications__panel">
        <p className="menu__title">Needs attention</p>
        {items.length === 0 ? (
          <p className="muted">Nothing needs you right now. Failed payouts and failing webhook endpoints show up here as they happen.</p>
        ) : (
          <ul className="notifications__list">
            {items.map((item) => (
              <li key={item.key}>
                <Link to={item.to} className={`notification notification--${item.tone}`} onClick={() => menu.current?.removeAttribute('open')}>
                  {item.text}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
