import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { formatMoney } from '../money/money.format';
import { useDebouncedValue } from './debounced-value.hook';
import { Link } from './router';

// Accounts are searched by the graph (name, email). Agents and transfers have no search
// argument, so the newest ones are filtered here (name, id, description, reference); an exact
// id is looked up directly.
const GlobalSearchQuery = graphql(`
  query GlobalSearch($search: String!) {
    accounts(first: 6, filter: { search: $search }) {
      nodes {
        id
        name
        email
      }
    }
    agents(first: 50) {
      nodes {
        id
        name
      }
    }
    transfers(first: 50) {
      nodes {
        id
        type
        description
        idempotencyKey
        amount {
          amount
          currency
        }
      }
    }
  }
`);

const GlobalSearchByIdQuery = graphql(`
  query GlobalSearchById($id: ID!) {
    account(id: $id) {
      id
      name
    }
    transfer(id: $id) {
      id
      type
      amount {
        amount
        currency
      }
    }
    agent(id: $id) {
      id
      name
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESULTS_PER_KIND = 6;

interface Result {
  readonly kind: 'Account' | 'Agent' | 'Transfer';
  readonly id: string;
  readonly to: string;
  readonly label: string;
  readonly detail: string;
}

/** "Search" in the top bar; Ctrl+K, ⌘K or "/" opens it from anywhere. */
export function GlobalSearch() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if ((event.key === 'k' && (event.metaKey || event.ctrlKey)) || (event.key === '/' && !typing)) {
        event.preventDefault();
        setOpen(true);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <>
      <button type="button" className="search-trigger" onClick={() => setOpen(true)} data-testid="search-open" aria-keyshortcuts="Control+K Meta+K /">
        <svg className="search__icon search__icon--static" viewBox="0 0 20 20" aria-hidden="true">
          <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65-1.06 1.06-3.65-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
        </svg>
        <span className="search-trigger__text">Search</span>
        <kbd className="search-trigger__kbd">Ctrl K</kbd>
      </button>
      <dialog ref={dialog} className="dialog search-dialog" aria-label="Search" onClose={() => setOpen(false)} data-testid="search-dialog">
        {open && <SearchPanel onDone={() => setOpen(false)} />}
      </dialog>
    </>
  );
}

function SearchPanel({ onDone }: { readonly onDone: () => void }) {
  const inputId = useId();
  const [term, setTerm] = useState('');
  const search = useDebouncedValue(term.trim(), 200);
  const byId = UUID.test(search);
  const { data, loading } = useQuery(GlobalSearchQuery, { variables: { search }, skip: search.length === 0 || byId });
  const exact = useQuery(GlobalSearchByIdQuery, { variables: { id: search }, skip: !byId, errorPolicy: 'all' });
  const results: Result[] = [];

  if (byId && exact.data) {
    const { account, transfer, agent } = exact.data;
    if (account) results.push({ kind: 'Account', id: account.id, to: `/accounts/${account.id}`, label: account.name, detail: account.id });
    if (transfer) results.push({ kind: 'Transfer', id: transfer.id, to: `/transfers/${transfer.id}`, label: formatMoney(transfer.amount.amount, transfer.amount.currency), detail: transfer.type.toLowerCase() });
    if (agent) results.push({ kind: 'Agent', id: agent.id, to: `/agents/${agent.id}`, label: agent.name, detail: agent.id });
  } else if (data) {
    const needle = search.toLowerCase();
    for (const account of data.accounts.nodes.slice(0, RESULTS_PER_KIND)) {
      results.push({ kind: 'Account', id: account.id, to: `/accounts/${account.id}`, label: account.name, detail: account.email ?? account.id.slice(0, 8) });
    }
    for (const agent of data.agents.nodes.filter((agent) => agent.name.toLowerCase().includes(needle) || agent.id.startsWith(needle)).slice(0, RESULTS_PER_KIND)) {
      results.push({ kind: 'Agent', id: agent.id, to: `/agents/${agent.id}`, label: agent.name, detail: agent.id.slice(0, 8) });
    }
    const transfers = data.transfers.nodes.filter(
      (transfer) => transfer.id.startsWith(needle) || (transfer.description ?? '').toLowerCase().includes(needle) || (transfer.idempotencyKey ?? '').toLowerCase().includes(needle),
    );
    for (const transfer of transfers.slice(0, RESULTS_PER_KIND)) {
      results.push({
        kind: 'Transfer',
        id: transfer.id,
        to: `${transfer.type === 'PAYOUT' ? '/payouts' : '/transfers'}/${transfer.id}`,
        label: `${formatMoney(transfer.amount.amount, transfer.amount.currency)} · ${transfer.type.toLowerCase().replace('_', ' ')}`,
        detail: transfer.description ?? transfer.id.slice(0, 8),
      });
    }
  }
  const busy = loading || exact.loading;

  return (
    <div className="search-panel">
      <label htmlFor={inputId} className="visually-hidden">
        Search accounts, agents and transfers
      </label>
      <input
        id={inputId}
        className="input search-panel__input"
        type="search"
        autoFocus
        placeholder="Search accounts, agents, transfers by name, email, id or reference"
        value={term}
        maxLength={100}
        onChange={(event) => setTerm(event.target.value)}
        data-testid="search-input"
      />
      <div className="search-panel__results" aria-live="polite">
        {search.length === 0 ? (
          <p className="muted">Type a name, an email, an id or a transfer reference.</p>
        ) : busy && results.length === 0 ? (
          <p className="muted">Searching…</p>
        ) : results.length === 0 ? (
          <p className="muted" data-testid="search-empty">
            Nothing matches “{search}”.
          </p>
        ) : (
          <ul className="search-panel__list">
            {results.map((result) => (
              <li key={`${result.kind}:${result.id}`}>
                <Link to={result.to} className="search-result" onClick={onDone} data-testid="search-result">
                  <span className="tag">{result.kind}</span>
                  <span className="search-result__label">{result.label}</span>
                  <span className="muted search-result__detail">{result.detail}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="search-panel__footer">
        <span className="muted">Esc to close</span>
        <button type="button" className="button button--small" onClick={onDone}>
          Close
        </button>
      </div>
    </div>
  );
}
