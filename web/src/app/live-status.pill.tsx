import { useSyncExternalStore } from 'react';
import type { LiveConnection, LiveStatus } from '../graphql/live-connection.store';

const LABELS: Record<LiveStatus, { readonly text: string; readonly tone: 'quiet' | 'good' | 'warn' | 'bad'; readonly hint: string }> = {
  idle: { text: 'Live updates idle', tone: 'quiet', hint: 'Nothing on screen needs live updates.' },
  connecting: { text: 'Connecting…', tone: 'warn', hint: 'Opening the live updates connection.' },
  live: { text: 'Live', tone: 'good', hint: 'Changes made anywhere appear here as they happen.' },
  reconnecting: { text: 'Reconnecting…', tone: 'warn', hint: 'The live connection dropped. Retrying; the list is refreshed once it is back.' },
  refused: { text: 'Live updates refused', tone: 'bad', hint: 'The server refused this session for live updates. Reload the page or sign in again.' },
  offline: { text: 'Live updates offline', tone: 'bad', hint: 'The live connection is down. Reload the page to try again.' },
};

export function LiveStatusPill({ live }: { readonly live: LiveConnection }) {
  const status = useSyncExternalStore(live.subscribe, live.status);
  const label = LABELS[status];
  return (
    <span className={`pill pill--${label.tone}`} title={label.hint} data-testid="live-status" data-status={status}>
      <span className="pill__dot" aria-hidden="true" />
      {label.text}
    </span>
  );
}
