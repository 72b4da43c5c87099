import { randomBytes, randomUUID } from 'node:crypto';
import type { GraphQLResponse } from './graphql.client';

/** A made-up client address, so sign-ups and logins stay under the per-IP limits (needs ORQUESTA_TRUST_PROXY=1). */
export function randomClientIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/** POSTs a GraphQL request from a given client address (x-forwarded-for) with an optional bearer credential. */
export async function postGraphQLFrom<T = Record<string, any>>(
  url: string,
  ip: string,
  credential: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>) : {};
  return { status: response.status, ...body };
}

export interface SignedUpTenant {
  readonly tenantId: string;
  readonly userId: string;
  readonly sessionId: string;
  /** A session bearer token (15 minutes). */
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly testApiKey: string;
  readonly liveApiKey: string;
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly companyName: string;
}

const SIGNUP = `mutation($input: SignupInput!) {
  signup(input: $input) { userId tenantId sessionId accessToken refreshToken testApiKey liveApiKey }
}`;

/** Signs up a new tenant and its owner through the public graph, from a fresh client address. */
export async function signupVia(url: string, options: { name?: string; companyName?: string; email?: string } = {}): Promise<SignedUpTenant> {
  const tag = randomUUID().slice(0, 8);
  const input = {
    email: options.email ?? `owner-${tag}@example.com`,
    password: `Correct-${randomUUID()}`,
    name: options.name ?? `Owner ${tag}`,
    companyName: options.companyName ?? `Company ${tag}`,
  };
  const response = await postGraphQLFrom(url, randomClientIp(), undefined, SIGNUP, { input });
  if (response.errors?.length || !response.data) throw new Error(`signup failed (${response.status}): ${JSON.stringify(response.errors)}`);
  return { ...response.data.signup, ...input };
}

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { userId tenantId sessionId accessToken refreshToken } }`;

/** Signs in through the public graph, from a fresh client address; returns the new session. */
export async function loginVia(
  url: string,
  email: string,
  password: string,
): Promise<{ userId: string; tenantId: string; sessionId: string; accessToken: string; refreshToken: string }> {
  const response = await postGraphQLFrom(url, randomClientIp(), undefined, LOGIN, { input: { email, password } });
  if (response.errors?.length || !response.data) throw new Error(`login failed (${response.status}): ${JSON.stringify(response.errors)}`);
  return response.data.login;
}
