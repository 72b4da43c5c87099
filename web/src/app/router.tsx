import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small history router: the dashboard needs paths, params and query strings, not a framework.
 * The location is an external store so every reader re-renders on push, replace and back.
 */
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

export interface RouterLocation {
  readonly pathname: string;
  readonly search: URLSearchParams;
}

export function useLocation(): RouterLocation {
  const value = useSyncExternalStore(subscribe, snapshot);
  const queryAt = value.indexOf('?');
  return {
    pathname: queryAt === -1 ? value : value.slice(0, queryAt),
    search: new URLSearchParams(queryAt === -1 ? '' : value.slice(queryAt)),
  };
}

/**
 * The URL's query string as a list's filters and cursor. Changing a filter drops the cursor
 * (`after`), because a cursor belongs to the result it came from.
 */
export function useSearchParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const { pathname, search } = useLocation();
  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(search);
    if (!('after' in changes)) next.delete('after');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    navigate(query.length > 0 ? `${pathname}?${query}` : pathname, { replace: !('after' in changes) });
  }
  return [search, update];
}

/** Matches `/transfers/:id` against a path; undefined when it does not fit. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index += 1) {
    const part = want[index] ?? '';
    const value = have[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) return undefined;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { readonly to: string };

/** An ordinary link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  function handle(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handle} {...rest} />;
}
