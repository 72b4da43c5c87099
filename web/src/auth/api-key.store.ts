// Where the pasted test key lives until real login exists. sessionStorage keeps it to this
// tab: it is not shared with other tabs and is gone when the tab closes.
const STORAGE_KEY = 'orquesta.dashboard.apiKey';

// Only test-mode keys for now; live keys wait for real login and its safeguards.
const TEST_KEY_PATTERN = /^pk_test_[A-Za-z0-9_]{8,200}$/;

export type ApiKeyCheck = { readonly ok: true; readonly apiKey: string } | { readonly ok: false; readonly reason: string };

export function checkApiKey(input: string): ApiKeyCheck {
  const apiKey = input.trim();
  if (apiKey.length === 0) return { ok: false, reason: 'Paste a test API key to continue.' };
  if (apiKey.startsWith('pk_live_') || apiKey.startsWith('sk_')) {
    return { ok: false, reason: 'Only test keys (pk_test_…) can be used in the dashboard for now.' };
  }
  if (!TEST_KEY_PATTERN.test(apiKey)) {
    return { ok: false, reason: 'That does not look like a test API key. It starts with pk_test_.' };
  }
  return { ok: true, apiKey };
}

export function readApiKey(): string | null {
  try {
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    return stored !== null && checkApiKey(stored).ok ? stored : null;
  } catch {
    // Storage can be disabled (privacy modes); the user is asked for the key again.
    return null;
  }
}

export function saveApiKey(apiKey: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, apiKey);
  } catch {
    // Without storage the key still works for this page load; nothing else to do.
  }
}

export function forgetApiKey(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
