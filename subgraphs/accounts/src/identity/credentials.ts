import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The secrets a person or program holds, and how each is kept: passwords as scrypt hashes,
 * opaque tokens (refresh, invite, agent) as SHA-256, access tokens as HS256 JWTs.
 */

// OWASP's scrypt floor: N = 2^17, r = 8, p = 1 (128 MiB). Tests lower N with ORQUESTA_SCRYPT_LOG_N.
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEY_LENGTH = 32;

function scryptLogN(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number.parseInt(env.ORQUESTA_SCRYPT_LOG_N ?? '17', 10);
  return Number.isInteger(value) && value >= 10 && value <= 20 ? value : 17;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$<logN>$<r>$<p>$<salt b64>$<hash b64>`: the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const logN = scryptLogN();
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: 2 ** logN, r: SCRYPT_R, p: SCRYPT_P });
  return ['scrypt', logN, SCRYPT_R, SCRYPT_P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: 2 ** Number(logN), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A hash of a password nobody has, so a login for an unknown email costs the same time.
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

export type OpaqueTokenKind = 'rt' | 'inv' | 'agent';

/** 256 random bits behind a kind prefix, e.g. `agent_3f9c…`. */
export function generateToken(kind: OpaqueTokenKind): string {
  return `${kind}_${randomBytes(32).toString('hex')}`;
}

export function isTokenFormat(kind: OpaqueTokenKind, value: unknown): value is string {
  return typeof value === 'string' && value.length === kind.length + 65 && value.startsWith(`${kind}_`) && /^[0-9a-f]{64}$/.test(value.slice(kind.length + 1));
}

export function hashToken(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** What may be shown of a token after creation. */
export function tokenPrefix(value: string): string {
  return value.slice(0, value.indexOf('_') + 9);
}

// ---- Access tokens ----

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
export const JWT_ISSUER = 'orquesta';
export const JWT_AUDIENCE = 'orquesta-api';
// The only algorithm accepted: the header must say exactly this.
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface AccessClaims {
  /** The user. */
  readonly sub: string;
  /** The session the token belongs to: revoking it ends the token. */
  readonly sid: string;
  /** The tenant the session is signed in to. */
  readonly tid: string;
  readonly iat: number;
  readonly exp: number;
}

/** The signing key: ORQUESTA_JWT_SECRET, or derived from the context secret. */
export function jwtSecret(env: NodeJS.ProcessEnv, contextSecret: string): Buffer {
  const explicit = env.ORQUESTA_JWT_SECRET;
  if (explicit && explicit.length >= 32) return Buffer.from(explicit);
  return createHmac('sha256', contextSecret).update('orquesta access tokens').digest();
}

function sign(secret: Buffer, input: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signAccessToken(secret: Buffer, claims: Omit<AccessClaims, 'iat' | 'exp'>, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const payload = { ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: nowSeconds, exp: nowSeconds + ACCESS_TOKEN_TTL_SECONDS };
  const body = `${JWT_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

export function isJwtShape(value: string): boolean {
  return value.length <= 2048 && JWT_SHAPE.test(value);
}

/** The claims of a valid, unexpired token of ours; undefined for anything else. */
export function verifyAccessToken(secret: Buffer, token: string, nowSeconds = Math.floor(Date.now() / 1000)): AccessClaims | undefined {
  if (!isJwtShape(token)) return undefined;
  const [header, payload, signature] = token.split('.');
  if (header !== JWT_HEADER) return undefined;
  const expected = Buffer.from(sign(secret, `${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (claims.iss !== JWT_ISSUER || claims.aud !== JWT_AUDIENCE) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.tid !== 'string' || typeof claims.iat !== 'number') return undefined;
  return { sub: claims.sub, sid: claims.sid, tid: claims.tid, iat: claims.iat, exp: claims.exp };
}
