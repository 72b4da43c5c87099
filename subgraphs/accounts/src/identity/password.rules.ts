import { badInput, ok, type Result } from '@orquesta/graphql';

export const PASSWORD_LENGTH_MIN = 12;
export const PASSWORD_LENGTH_MAX = 256;

// Passwords of 12 or more characters that appear near the top of public breach corpora, plus
// the shapes people reach for when told "at least 12". Compared case-insensitively.
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011', '111111111111', '000000000000',
  '123123123123', '121212121212', '147258369147', '987654321098', '098765432112', '112233445566', 'qwertyuiopas',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf', 'qwerty123456', '1qaz2wsx3edc', '1q2w3e4r5t6y', 'q1w2e3r4t5y6',
  'zaq12wsxcde3', 'asdfghjkl123', 'asdfghjklqwe', 'zxcvbnm12345', 'passwordpassword', 'password1234', 'password12345',
  'password123456', 'password123!', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'iloveyou1234', 'iloveyouiloveyou',
  'letmein12345', 'welcome12345', 'welcome123456', 'welcome@1234', 'administrator', 'admin1234567', 'adminadmin123',
  'changeme1234', 'changeme123!', 'football1234', 'baseball1234', 'basketball12', 'sunshine1234', 'princess1234',
  'superman1234', 'starwars1234', 'monkey123456', 'dragon123456', 'master123456', 'trustno1trustno1', 'abc123abc123',
  'abcdefghijkl', 'abcdefgh1234', 'abcd12345678', 'aaaaaaaaaaaa', 'computer1234', 'internet1234', 'whatever1234',
  'qwertyqwerty', 'qazwsxedcrfv', '1234qwerasdf', '1234abcd1234', 'mypassword12', 'mypassword123', 'secret123456',
  'correcthorsebatterystaple', 'orquesta1234', 'orquesta12345', 'payments1234', 'fintech12345',
]);

/**
 * At least 12 characters, not a known common password, not the email's own name, not one
 * character repeated. The message never echoes the password.
 */
export function checkPassword(password: unknown, email = ''): Result<string> {
  if (typeof password !== 'string') return badInput('password', 'must be a string');
  if (password.length < PASSWORD_LENGTH_MIN) return badInput('password', `must be at least ${PASSWORD_LENGTH_MIN} characters`);
  if (password.length > PASSWORD_LENGTH_MAX) return badInput('password', `must be at most ${PASSWORD_LENGTH_MAX} characters`);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) {
    return badInput('password', 'is too common; choose a longer or less predictable passphrase');
  }
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lower.includes(name)) return badInput('password', 'must not contain your email address');
  return ok(password);
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

export function checkEmail(email: unknown): Result<string> {
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email.trim())) return badInput('email', 'must be an email address');
  return ok(email.trim().toLowerCase());
}
