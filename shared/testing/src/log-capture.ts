import type { ChildProcess } from 'node:child_process';
import { tapLogs } from '@orquesta/context';

// What must never reach a log: full API keys, agent tokens, JWTs, refresh tokens, webhook
// secrets. (A visible key prefix, `pk_test_1234abcd…`, is fine: it is too short to match.)
const SECRET_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['API key', /pk_(?:test|live)_[0-9a-f]{64}/],
  ['agent token', /agent_[A-Za-z0-9_-]{20,}/],
  ['JWT', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['refresh token', /\b(?:rt|refresh)_[A-Za-z0-9_-]{20,}/],
  ['invite token', /\binv_[0-9a-f]{20,}/],
  ['webhook secret', /whsec_[A-Za-z0-9+/=_-]{16,}/],
];

// `npm start` prints the demo tenant's new key once, on purpose (issue 4): that line only.
const SHOWN_ONCE = /\(shown once/;

/** The secrets found in some output, as "kind: first characters…" (never the secret itself). */
export function findSecrets(output: string): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    if (SHOWN_ONCE.test(line)) continue;
    for (const [kind, pattern] of SECRET_PATTERNS) {
      const match = pattern.exec(line);
      if (match) found.push(`${kind}: ${match[0].slice(0, 12)}… in ${JSON.stringify(line.slice(0, 160).replace(match[0], '<secret>'))}`);
    }
  }
  return found;
}

export function assertNoSecrets(output: string, source: string): void {
  const found = findSecrets(output);
  if (found.length > 0) {
    throw new Error(`SECRET LEAK: ${found.length} secret(s) in the output of ${source}:\n  ${found.join('\n  ')}`);
  }
}

export interface OutputCapture {
  /** Everything captured so far. */
  text(): string;
  /** Stops capturing and throws if a secret appeared. */
  stop(): void;
}

// One stderr wrapper for all the captures open in this process (a test may run two platforms).
const listeners = new Set<(text: string) => void>();
let originalWrite: typeof process.stderr.write | undefined;

function listenToStderr(listener: (text: string) => void): () => void {
  if (!originalWrite) {
    const original = process.stderr.write;
    originalWrite = original;
    process.stderr.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      for (const each of listeners) each(text);
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stderr.write;
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && originalWrite) {
      process.stderr.write = originalWrite;
      originalWrite = undefined;
    }
  };
}

/**
 * Captures what the platform in this process writes: every logger line at every level (the
 * info lines `ORQUESTA_LOG_LEVEL=warn` hides included) and anything written to stderr. Still
 * prints what it always printed.
 */
export function captureProcessOutput(source: string): OutputCapture {
  let captured = '';
  const append = (text: string) => (captured += text);
  const untap = tapLogs(append);
  const unlisten = listenToStderr(append);
  return {
    text: () => captured,
    stop() {
      untap();
      unlisten();
      assertNoSecrets(captured, source);
    },
  };
}

/** Captures a spawned platform process's stdout and stderr, to check for secrets after it ends. */
export function captureChildOutput(child: ChildProcess): { text(): string } {
  let captured = '';
  child.stdout?.on('data', (chunk: Buffer) => (captured += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (captured += chunk.toString()));
  return { text: () => captured };
}
