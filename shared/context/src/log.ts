// One log format for every process: a JSON object per line on stderr, with secrets masked.
// `redact` is the only way a value reaches a log line, so a key, token, password or webhook
// secret never does: an API key keeps its visible prefix (as the dashboard shows it), the rest
// keep only their kind.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, (match: string) => string]> = [
  // API keys: the 16-character visible prefix stays (pk_test_1234abcd…), as in the key list.
  // (A prefix already cut to 16 characters has 8 hex digits and is left as it is.)
  [/\bpk_(?:test|live)_[0-9a-f]{9,}/g, (key) => `${key.slice(0, 16)}…`],
  [/\bagent_[A-Za-z0-9_-]{8,}/g, () => 'agent_…'],
  [/\bwhsec_[A-Za-z0-9+/=_-]{8,}/g, () => 'whsec_…'],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, () => 'eyJ…(jwt)'],
  // Refresh, invite and other opaque tokens: 256 bits in base64url is 43 characters, in hex 64.
  [/\b(?:rt|refresh|invite|inv)_[A-Za-z0-9_-]{16,}/g, (token) => `${token.slice(0, token.indexOf('_') + 1)}…`],
  // (Long names such as SQL identifiers have no digits and stay readable.)
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43,}(?![A-Za-z0-9_-])/g, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? '…(token)' : run)],
];

// Any value under a key like these is replaced whole, whatever it looks like.
const SECRET_KEY = /(?:password|passwd|secret|token|authorization|cookie|apikey|api_key|credentials?)$/i;

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, mask] of SECRET_PATTERNS) out = out.replace(pattern, mask);
  return out;
}

/** A copy of `value` with secrets masked: strings by pattern, object values by key name. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (depth > 8) return '[nested]';
  if (value instanceof Error) return redactText(value.message);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type LogTap = (line: string) => void;
const taps = new Set<LogTap>();

/**
 * Sees every line every logger of this process makes, at every level, already redacted
 * (the test platform scans them for secrets, including the info lines tests do not print).
 * Returns the function that removes the tap.
 */
export function tapLogs(tap: LogTap): () => void {
  taps.add(tap);
  return () => taps.delete(tap);
}

export function logLevelOf(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env.ORQUESTA_LOG_LEVEL?.toLowerCase();
  return level && level in LEVELS ? (level as LogLevel) : 'info';
}

/**
 * A logger for one service. Lines below ORQUESTA_LOG_LEVEL (default info) are dropped; the
 * level is read when the logger is made. `write` is for tests.
 */
export function createLogger(
  service: string,
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const threshold = LEVELS[options.level ?? logLevelOf()];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const log = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[level] < threshold && taps.size === 0) return;
    const { level: _level, time: _time, service: _service, msg: _msg, ...rest } = fields;
    const entry = { level, time: new Date().toISOString(), service, msg: redactText(msg), ...(redact(rest) as Record<string, unknown>) };
    const line = `${JSON.stringify(entry)}\n`;
    for (const tap of taps) tap(line);
    if (LEVELS[level] >= threshold) write(line);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
