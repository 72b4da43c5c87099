/**
 * Light or dark: follows the system until the person picks one, and the pick is remembered in
 * this browser (a display preference, nothing secret). Applied as `data-theme` on <html>
 * before the first render, so there is no flash of the wrong theme.
 */
export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'orquesta.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function stored(): ThemePreference {
  const value = window.localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

let preference: ThemePreference = stored();

function apply() {
  const dark = preference === 'dark' || (preference === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  for (const listener of listeners) listener();
}

media.addEventListener('change', apply);
apply();

export const theme = {
  preference: () => preference,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(next: ThemePreference) {
    preference = next;
    if (next === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, next);
    apply();
  },
};
