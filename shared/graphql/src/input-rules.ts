import { badInput, ok, type Result } from './domain-error';

export const NAME_LENGTH_MAX = 200;
export const DESCRIPTION_LENGTH_MAX = 1000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A display name: trimmed, 1–200 characters, no control characters. */
export function checkName(field: string, value: string): Result<string> {
  const name = value.trim();
  if (name.length === 0) return badInput(field, 'must not be empty');
  if (name.length > NAME_LENGTH_MAX) return badInput(field, `must be at most ${NAME_LENGTH_MAX} characters`);
  if (CONTROL.test(name) || /[\n\r\t]/.test(name)) return badInput(field, 'must not contain control characters');
  return ok(name);
}

/** Optional free text (a description): trimmed, empty means none. */
export function checkOptionalText(field: string, value: string | null | undefined, lengthMax = DESCRIPTION_LENGTH_MAX): Result<string | null> {
  if (value === null || value === undefined || value.trim() === '') return ok(null);
  const text = value.trim();
  if (text.length > lengthMax) return badInput(field, `must be at most ${lengthMax} characters`);
  if (CONTROL.test(text)) return badInput(field, 'must not contain control characters');
  return ok(text);
}
