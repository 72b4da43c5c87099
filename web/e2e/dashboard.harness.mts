/**
 * What the dashboard's Chromium tests share: the platform started as a black box
 * (`node dist/platform/src/main.js` on a free port, against the test database), users made
 * through the public `signup` and `acceptInvite` mutations, the graph over plain HTTP as a
 * second client, and the sign-in steps through the page's form.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The nearest ancestor holding the workspace package.json (works from web/e2e and dist/web/e2e). */
function findRepoRoot(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 8; depth += 1) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no workspace root above ${start}`);
}

export const ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

export const PLATFORM_ENTRY = path.join(ROOT, 'dist/platform/src/main.js');

export const WEB_DIST = path.join(ROOT, 'web/dist');

const READY_TIMEOUT_MS = 60_000;

const READY_POLL_MS = 250;

const REQUEST_TIMEOUT_MS = 10_000;

const STOP_TIMEOUT_MS = 10_000;

const OUTPUT_KEEP_CHARS = 64_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Gateway {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
}

// Every password, key and token the tests make, so that gateway output is shown without them.
const secrets = new Set<string>();

function redact(text: string): string {
  let redacted = text;
  for (const secret of secrets) redacted = redacted.replaceAll(secret, '[redacted]');
  return redacted;
}

/**
 * Starts the platform; its output is kept, with every secret the tests made redacted. The demo
 * tenant gets a random key nobody uses: the tests sign up their own tenants.
 */
export async function startGateway(extraEnv: Record<string, string> = {}): Promise<Gateway> {
  const apiKey = `pk_test_${randomBytes(32).toString('hex')}`;
  secrets.add(apiKey);
  const port = await freePort();
  const child = spawn(process.execPath, [PLATFORM_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_test',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ORQUESTA_DEMO_API_KEY: apiKey,
      ORQUESTA_WEB_DIST: WEB_DIST,
      // The harness's own HTTP calls say where they come from (see graphqlOverHttp).
      ORQUESTA_TRUST_PROXY: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If this process dies without running `after`, the gateway must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.once('exit', (code, signal) => {
    exit = { code, signal };
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const started: Gateway = { baseUrl, child, output: () => redact(output), exited: () => exit };
  try {
    await waitUntil(
      async () => {
        if (exit) throw new Error(`gateway exited early (${JSON.stringify(exit)})`);
        const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(READY_POLL_MS * 8) }).catch(() => undefined);
        await response?.body?.cancel();
        return response?.status === 200;
      },
      READY_TIMEOUT_MS,
      'GET /readyz to answer 200',
      READY_POLL_MS,
    );
  } catch (error) {
    await stopGateway(child);
    throw new Error(`gateway did not become ready.\n--- gateway output (redacted) ---\n${started.output()}`, { cause: error });
  }
  return started;
}

export async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
  if (!graceful) {
    child.kill('SIGKILL');
    await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
  }
}

export interface GraphQLResponse {
  data?: unknown;
  errors?: unknown;
}

/** POST /graphql with a bearer credential (an API key or a session access token), or none. */
export async function graphqlOverHttp(baseUrl: string, bearer: string | undefined, body: { query: string; variables: unknown }): Promise<GraphQLResponse> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Each call from its own address: signups are limited to 10 an hour per address, and
      // repeated runs on one machine would otherwise share 127.0.0.1's allowance.
      'x-forwarded-for': `10.${randomBytes(3).join('.')}`,
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  assert.equal(response.status, 200, `POST /graphql answered ${response.status}`);
  return (await response.json()) as GraphQLResponse;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A person who can sign in to the dashboard, and what the tests use to act beside the page. */
export interface DashboardUser {
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  readonly tenantId: string;
  /** A session bearer token for calls over HTTP (valid 15 minutes: longer than any test). */
  readonly accessToken: string;
}

export interface TenantOwner extends DashboardUser {
  /** The tenant's test-mode API key, for the tests' second client. */
  readonly testApiKey: string;
}

// Each test file signs up one owner in `before` and shares it between its tests (sign-ins are
// limited to 5 per 15 minutes per account).
export async function signUpOwner(baseUrl: string): Promise<TenantOwner> {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-owner-${suffix}@example.com`;
  const password = newPassword();
  const answer = await graphqlOverHttp(baseUrl, undefined, {
    query: `mutation E2eSignup($input: SignupInput!) {
      signup(input: $input) { userId tenantId accessToken testApiKey liveApiKey }
    }`,
    variables: { input: { email, password, name: `E2E Owner ${suffix}`, companyName: `E2E Company ${suffix}` } },
  });
  const signup = (answer.data as { signup?: Record<string, unknown> } | null | undefined)?.signup;
  if (!signup) {
    const limited = JSON.stringify(answer.errors ?? '').includes('RATE_LIMITED');
    throw new Error(
      limited
        ? 'signup is rate limited (10 an hour per address): is the gateway trusting x-forwarded-for (ORQUESTA_TRUST_PROXY=1)?'
        : `signup failed: ${JSON.stringify(answer.errors)}`,
    );
  }
  for (const field of ['accessToken', 'testApiKey', 'liveApiKey']) secrets.add(String(signup[field]));
  return {
    email,
    password,
    userId: String(signup.userId),
    tenantId: String(signup.tenantId),
    accessToken: String(signup.accessToken),
    testApiKey: String(signup.testApiKey),
  };
}

/** A new member of the owner's tenant: invited with the owner's session token, then accepted. */
export async function addMember(baseUrl: string, owner: TenantOwner, role: 'ADMIN' | 'MEMBER' | 'VIEWER'): Promise<DashboardUser> {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-${role.toLowerCase()}-${suffix}@example.com`;
  const invited = await graphqlOverHttp(baseUrl, owner.accessToken, {
    query: 'mutation E2eInvite($input: InviteMemberInput!) { inviteMember(input: $input) { token } }',
    variables: { input: { email, role } },
  });
  const token = (invited.data as { inviteMember?: { token?: unknown } } | null | undefined)?.inviteMember?.token;
  assert.equal(typeof token, 'string', `inviteMember failed: ${JSON.stringify(invited.errors)}`);
  secrets.add(String(token));

  const password = newPassword();
  const accepted = await graphqlOverHttp(baseUrl, undefined, {
    query: 'mutation E2eAccept($input: AcceptInviteInput!) { acceptInvite(input: $input) { userId tenantId accessToken } }',
    variables: { input: { token, password, name: `E2E ${role.toLowerCase()} ${suffix}` } },
  });
  const session = (accepted.data as { acceptInvite?: Record<string, unknown> } | null | undefined)?.acceptInvite;
  assert.ok(session, `acceptInvite failed: ${JSON.stringify(accepted.errors)}`);
  assert.equal(session.tenantId, owner.tenantId, 'the invite joins the owner tenant');
  secrets.add(String(session.accessToken));
  return { email, password, userId: String(session.userId), tenantId: owner.tenantId, accessToken: String(session.accessToken) };
}

function newPassword(): string {
  const password = `E2e-${randomBytes(18).toString('base64url')}`;
  secrets.add(password);
  return password;
}

/** Signs in through the page's form, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, baseUrl: string, user: Pick<DashboardUser, 'email' | 'password'>, path = '/accounts'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await fillSignIn(page, user);
  // The name sits in the closed account menu: attached, not visible.
  await page.getByTestId('viewer-name').filter({ hasText: user.email }).waitFor({ state: 'attached' });
}

/** Opens the account menu in the top bar (mode switch, sign-out). */
export async function openViewerMenu(page: Page): Promise<void> {
  if ((await page.getByTestId('viewer').getAttribute('open')) === null) await page.getByTestId('viewer-menu').click();
}

/** Fills and sends the sign-in form on a page that shows it. */
export async function fillSignIn(page: Page, user: Pick<DashboardUser, 'email' | 'password'>): Promise<void> {
  await page.getByTestId('sign-in-form').waitFor();
  await page.getByTestId('sign-in-email').fill(user.email);
  await page.getByTestId('sign-in-password').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
}

/** The list has loaded: rows or the empty state, and no error. */
export async function waitForList(page: Page): Promise<void> {
  await page.locator('[data-testid="accounts-table"], [data-testid="accounts-empty"], [data-testid="accounts-error"]').first().waitFor();
  if ((await page.getByTestId('accounts-error').count()) > 0) {
    throw new Error(`the accounts list failed to load: ${await page.getByTestId('accounts-error').textContent()}`);
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(pollMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function delay(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** What one dashboard test file shares: the platform, a browser, and the tenant owner it signed up. */
export interface Dashboard {
  gateway(): Gateway;
  browser(): Browser;
  owner(): TenantOwner;
}

/**
 * Registers a test file's before and after hooks (call it inside the file's describe): starts
 * the platform, signs up one owner (signups are rate limited per address, so a file makes one)
 * and launches Chromium; stops them all afterwards.
 */
export function useDashboard(launchTimeoutMs: number, gatewayEnv: Record<string, string> = {}): Dashboard {
  let gateway: Gateway | undefined;
  let browser: Browser | undefined;
  let owner: TenantOwner | undefined;
  before(async () => {
    assert.ok(existsSync(PLATFORM_ENTRY), `${PLATFORM_ENTRY} is missing: run \`npm run build\` first`);
    assert.ok(existsSync(path.join(WEB_DIST, 'index.html')), `${WEB_DIST} is missing: run \`npm run build -w web\` first`);
    gateway = await startGateway(gatewayEnv);
    owner = await signUpOwner(gateway.baseUrl);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: launchTimeoutMs });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    if (gateway) await stopGateway(gateway.child);
  });
  function started<T>(value: T | undefined, what: string): T {
    assert.ok(value, `${what} did not start`);
    return value;
  }
  return {
    gateway: () => started(gateway, 'the gateway'),
    browser: () => started(browser, 'the browser'),
    owner: () => started(owner, 'the tenant owner'),
  };
}
