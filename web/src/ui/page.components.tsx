import { useEffect, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../graphql/graphql-error.messages';
import { formatMoney } from '../money/money.format';
import { Link, useSearchParams } from '../app/router';

/** The same frame on every page: a title, a sentence, actions on the right. */
export function PageHeader({ title, subtitle, actions }: { readonly title: string; readonly subtitle?: ReactNode; readonly actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Orquesta`;
  }, [title]);
  return (
    <div className="page__header">
      <div>
        <h1 className="page__title">{title}</h1>
        {subtitle !== undefined && <p className="page__subtitle">{subtitle}</p>}
      </div>
      {actions !== undefined && <div className="page__actions">{actions}</div>}
    </div>
  );
}

export function Skeleton({ rows = 4, label }: { readonly rows?: number; readonly label: string }) {
  return (
    <div className="skeleton" data-testid="list-loading" aria-busy="true" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="skeleton__row">
          <span className="skeleton__bar skeleton__bar--wide" />
          <span className="skeleton__bar" />
          <span className="skeleton__bar" />
          <span className="skeleton__bar skeleton__bar--narrow" />
        </div>
      ))}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { readonly error: unknown; readonly onRetry: () => unknown }) {
  return (
    <div className="alert alert--error alert--inset" role="alert" data-testid="list-error">
      <span>{describeError(error)}</span>
      <button className="button button--small" type="button" onClick={() => void Promise.resolve(onRetry()).catch(() => undefined)}>
        Try again
      </button>
    </div>
  );
}

export function EmptyState({ title, children, testId = 'list-empty' }: { readonly title: string; readonly children?: ReactNode; readonly testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <div className="empty__icon" aria-hidden="true" />
      <p className="empty__title">{title}</p>
      {children !== undefined && <div className="muted empty__body">{children}</div>}
    </div>
  );
}

/** Cursor paging kept in the URL (`after`), so a page can be shared and Back goes to the previous one. */
export function Pager({ pageInfo, shown }: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor?: string | null } | undefined; readonly shown: number }) {
  const [params, update] = useSearchParams();
  const after = params.get('after');
  if (!pageInfo || (!pageInfo.hasNextPage && after === null)) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">{shown} shown{after !== null ? ' (later page)' : ''}</span>
      {after !== null && (
        <button type="button" className="button button--small" onClick={() => update({ after: null })} data-testid="pager-first">
          First page
        </button>
      )}
      {pageInfo.hasNextPage && pageInfo.endCursor && (
        <button type="button" className="button button--small" onClick={() => update({ after: pageInfo.endCursor ?? null })} data-testid="pager-next">
          Next page
        </button>
      )}
    </nav>
  );
}

export function Money({ value, testId }: { readonly value: { readonly amount: string; readonly currency: string }; readonly testId?: string }) {
  return (
    <span className="money" title={`${value.amount} ${value.currency}`} data-testid={testId} data-amount={value.amount} data-currency={value.currency}>
      {formatMoney(value.amount, value.currency)}
    </span>
  );
}

/**
 * An amount that animates when it changes (a live balance): the old figure slides out, the new
 * one in, and the colour says up or down.
 */
export function LiveMoney({ value, testId }: { readonly value: { readonly amount: string; readonly currency: string }; readonly testId?: string }) {
  const seen = useRef(value.amount);
  const [change, setChange] = useState<{ readonly key: number; readonly direction: 'up' | 'down' } | null>(null);
  useEffect(() => {
    if (seen.current === value.amount) return;
    const up = compareDecimals(value.amount, seen.current) > 0;
    seen.current = value.amount;
    setChange((previous) => ({ key: (previous?.key ?? 0) + 1, direction: up ? 'up' : 'down' }));
  }, [value.amount]);
  return (
    <span key={change?.key ?? 0} className={change ? `money money--changed money--${change.direction}` : 'money'} title={`${value.amount} ${value.currency}`} data-testid={testId} data-amount={value.amount}>
      {formatMoney(value.amount, value.currency)}
    </span>
  );
}

function compareDecimals(a: string, b: string): number {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const minor = (text: string) => {
    const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
    const value = BigInt(whole + fraction.padEnd(scale, '0'));
    return text.startsWith('-') ? -value : value;
  };
  const difference = minor(a) - minor(b);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormatFull = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** A moment in the user's own time zone; the full form on hover. */
export function Time({ iso, testId }: { readonly iso: string | null | undefined; readonly testId?: string }) {
  if (!iso) return <span className="muted">—</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={timeFormatFull.format(date)} data-testid={testId}>
      {timeFormat.format(date)}
    </time>
  );
}

export type Tone = 'good' | 'warn' | 'bad' | 'quiet';

export function Status({ tone, children, testId, value }: { readonly tone: Tone; readonly children: ReactNode; readonly testId?: string; readonly value?: string }) {
  return (
    <span className={`status status--${tone}`} data-testid={testId} data-status={value}>
      {children}
    </span>
  );
}

/** A select bound to one URL parameter, for list filters. */
export function FilterSelect({ label, param, options, testId }: { readonly label: string; readonly param: string; readonly options: ReadonlyArray<readonly [string, string]>; readonly testId?: string }) {
  const [params, update] = useSearchParams();
  return (
    <label className="field field--inline">
      <span className="field__label">{label}</span>
      <select className="input" value={params.get(param) ?? ''} onChange={(event) => update({ [param]: event.target.value })} data-testid={testId}>
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A short id that can be copied whole. */
export function ShortId({ id, to }: { readonly id: string; readonly to?: string }) {
  const short = `${id.slice(0, 8)}…`;
  return to ? (
    <Link to={to} className="mono-link" title={id}>
      {short}
    </Link>
  ) : (
    <code title={id}>{short}</code>
  );
}

/** A card section with a title. */
export function Section({ title, children, actions, testId }: { readonly title: string; readonly children: ReactNode; readonly actions?: ReactNode; readonly testId?: string }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="card card--flush" aria-labelledby={id} data-testid={testId}>
      <div className="toolbar">
        <h2 className="card__title" id={id}>
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
