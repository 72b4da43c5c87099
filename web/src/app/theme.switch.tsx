import { useSyncExternalStore } from 'react';
import { theme, type ThemePreference } from './theme.store';

const NEXT: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const LABELS: Record<ThemePreference, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };
const ICONS: Record<ThemePreference, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark. */
export function ThemeSwitch() {
  const preference = useSyncExternalStore(theme.subscribe, theme.preference);
  return (
    <button
      type="button"
      className="button button--ghost icon-button"
      onClick={() => theme.set(NEXT[preference])}
      title={`${LABELS[preference]} (click for ${NEXT[preference]})`}
      data-testid="theme-switch"
      data-theme-preference={preference}
    >
      <span aria-hidden="true">{ICONS[preference]}</span>
      <span className="visually-hidden">{LABELS[preference]}. Switch to {NEXT[preference]}.</span>
    </button>
  );
}
