import { badInput, ok, type Result } from '@orquesta/graphql';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SEARCH_LENGTH_MAX = 100;

/** An optional email, stored lower-case; empty means none. */
export function checkEmail(field: string, value: string | null | undefined): Result<string | null> {
  if (value === null || value === undefined || value.trim() === '') return ok(null);
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return badInput(field, 'is not a valid email address');
  return ok(email);
}


/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
