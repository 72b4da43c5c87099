import { createHash, randomBytes } from 'node:crypto';

// pk_test_ / pk_live_ then 256 bits as hex.
const API_KEY = /^pk_(test|live)_[0-9a-f]{64}$/;
const VISIBLE_PREFIX_LENGTH = 16;

export function generateApiKey(livemode: boolean): string {
  return `pk_${livemode ? 'live' : 'test'}_${randomBytes(32).toString('hex')}`;
}

export function isApiKeyFormat(value: string): boolean {
  return API_KEY.test(value);
}

export function apiKeyMode(value: string): boolean {
  return value.startsWith('pk_live_');
}

export function hashApiKey(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** What may be shown of a key after creation: enough to recognise it, useless to use it. */
export function apiKeyPrefix(value: string): string {
  return value.slice(0, VISIBLE_PREFIX_LENGTH);
}
