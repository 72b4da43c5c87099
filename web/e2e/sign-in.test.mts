/**
 * Signing in to the dashboard in real Chromium, against the platform as a black box: the form,
 * HttpOnly session cookies that JavaScript never sees, a session that survives a reload and a
 * refused access cookie, signing out, and a viewer who is not offered money movement.
 *
 * Needs: `npm run build` and `npm run build -w web` first, PostgreSQL and Redis running, and
 * Debian's chromium at /usr/bin/chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  addMember,
  delay,
  fillSignIn,
  graphqlOverHttp,
  openViewerMenu,
  signIn,
  useDashboard,
  waitForList,
  waitUntil,
} from './dashboard.harness.mjs';

const SCREENSHOT_PATH = '/tmp/orquesta-sign-in.png';
const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 120_000;
const SESSION_COOKIE = 'orquesta_session';
const REFRESH_COOKIE = 'orquesta_refresh';
// graphql-ws has no per-subscription acknowledgement: give the resubscription a moment.
const SUBSCRIBE_SETTLE_MS = 1_000;


describe('signing in to the dashboard', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  const dashboard = useDashboard(STEP_TIMEOUT_MS);

  test('a wrong password gets the generic message and no cookie', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const { page, context } = await openPage(dashboard.browser(), t);
    await page.goto(`${baseUrl}/`);
    await fillSignIn(page, { email: dashboard.owner().email, password: `${dashboard.owner().password}-wrong` });

    const problem = page.getByTestId('sign-in-error');
    await problem.waitFor();
    assert.equal(await problem.textContent(), 'Wrong email or password.');
    // The password stays, selected and focused, so the next attempt replaces it in one go.
    assert.equal(await page.getByTestId('sign-in-password').inputValue(), `${dashboard.owner().password}-wrong`, 'the password is kept');
    assert.equal(await page.evaluate('document.activeElement?.getAttribute("data-testid")'), 'sign-in-password', 'the focus is on the password');
    assert.equal(await page.getByTestId('sign-in-email').inputValue(), dashboard.owner().email, 'the email stays');
    assert.deepEqual((await context.cookies()).map((cookie) => cookie.name), [], 'no cookie was set');

    // An email nobody has gets exactly the same words: nothing tells whether an account exists.
    await fillSignIn(page, { email: `nobody-${randomUUID()}@example.com`, password: 'not-the-password-1' });
    await page.getByTestId('sign-in-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
  });

  test('too many attempts and an unreachable server are said in plain words', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const { page } = await openPage(dashboard.browser(), t);
    await page.goto(`${baseUrl}/`);

    // Five attempts per account in 15 minutes: the sixth is refused with the wait. A made-up
    // email, so no real account is locked by this test.
    const email = `locked-${randomUUID()}@example.com`;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await fillSignIn(page, { email, password: `wrong-password-${attempt}` });
      await page.getByTestId('sign-in-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
      await page.locator('[data-testid="sign-in-submit"]:not([disabled])').waitFor();
    }
    await fillSignIn(page, { email, password: 'wrong-password-6' });
    await page.getByTestId('sign-in-error').filter({ hasText: /^Too many sign-in attempts\. Try again in 1[45] minutes\.$/ }).waitFor();

    // The gateway cannot be reached.
    await page.route('**/auth/login', (route) => route.abort('connectionrefused'));
    await fillSignIn(page, dashboard.owner());
    await page.getByTestId('sign-in-error').filter({ hasText: 'Cannot reach Orquesta. Check your connection and try again.' }).waitFor();
    assert.equal(await page.getByTestId('sign-in-form').count(), 1, 'still on the sign-in page');
  });

  test('signs in on HttpOnly cookies, survives a reload and a refused access cookie, and signs out', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const user = dashboard.owner();
    const { page, context, graphqlRequests, authRequests } = await openPage(dashboard.browser(), t);

    await signIn(page, baseUrl, user);
    await waitForList(page);
    assert.equal(await page.getByTestId('viewer-role').getAttribute('data-role'), 'OWNER');
    assert.match((await page.getByTestId('viewer-tenant').textContent()) ?? '', new RegExp(`${user.tenantId.slice(0, 8)}$`));
    assert.equal(await page.getByTestId('mode-badge').getAttribute('data-mode'), 'test', 'a session starts in test mode');

    // The cookies are HttpOnly and SameSite=Strict; the refresh cookie only goes to /auth.
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    const refresh = cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
    assert.ok(session && refresh, `both cookies are set (got ${cookies.map((cookie) => cookie.name).join(', ')})`);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(refresh.httpOnly, true);
    assert.equal(refresh.path, '/auth');

    // JavaScript in the page sees neither cookie, and nothing it stored holds either token.
    const visible = (await page.evaluate(`({
      cookie: document.cookie,
      stored: [window.localStorage, window.sessionStorage].flatMap((storage) =>
        Object.keys(storage).map((key) => key + '=' + storage.getItem(key))).join('\\n'),
    })`)) as { cookie: string; stored: string };
    assert.ok(!visible.cookie.includes(SESSION_COOKIE) && !visible.cookie.includes(REFRESH_COOKIE), `document.cookie is "${visible.cookie}"`);
    for (const token of [session.value, refresh.value]) {
      assert.ok(!visible.cookie.includes(token) && !visible.stored.includes(token), 'no token is readable from JavaScript');
    }
    // The graph is asked with the cookie, never an Authorization header.
    assert.ok(graphqlRequests().length > 0, 'the page queried the graph');
    assert.ok(graphqlRequests().every((request) => request.authorization === undefined), 'no Authorization header');
    assert.ok(graphqlRequests().every((request) => request.mode === 'test'), 'every request says test mode');

    // The mode switch sets the mode header on what the page asks next.
    const before = graphqlRequests().length;
    await openViewerMenu(page);
    await page.getByTestId('mode-live').click();
    await page.locator('[data-testid="mode-badge"][data-mode="live"]').waitFor();
    await waitForList(page);
    await waitUntil(() => graphqlRequests().length > before, STEP_TIMEOUT_MS, 'a request in live mode');
    assert.ok(graphqlRequests().slice(before).every((request) => request.mode === 'live'), 'live mode says so in orquesta-mode');
    await openViewerMenu(page);
    await page.getByTestId('mode-test').click();
    await page.locator('[data-testid="mode-badge"][data-mode="test"]').waitFor();

    // A reload restores the session from the refresh cookie: no sign-in form, the same person.
    await page.reload();
    await page.getByTestId('viewer-name').filter({ hasText: user.email }).waitFor({ state: 'attached' });
    await waitForList(page);
    assert.equal(await page.getByTestId('sign-in-form').count(), 0);

    // The access cookie goes missing (as when it expires): the graph answers 401, the page
    // refreshes once and carries on.
    const refreshesBefore = authRequests().filter((path) => path === '/auth/refresh').length;
    await context.clearCookies({ name: SESSION_COOKIE });
    await page.getByTestId('accounts-search').fill('nothing-matches-this');
    // The tenant has no accounts: the empty state names the search once the answer is in.
    await page.getByTestId('accounts-empty').filter({ hasText: 'nothing-matches-this' }).waitFor();
    assert.equal(authRequests().filter((path) => path === '/auth/refresh').length, refreshesBefore + 1, 'one refresh');
    assert.equal(await page.getByTestId('accounts-error').count(), 0, 'no error shown');
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    // A second tab shares the cookies: it restores the session (its refresh rotates the
    // cookies under a lock the first tab respects) and follows the first tab's sign-out.
    const secondTab = await context.newPage();
    await secondTab.goto(`${baseUrl}/`);
    await secondTab.getByTestId('viewer-name').filter({ hasText: user.email }).waitFor({ state: 'attached' });

    // Signing out ends the session at the gateway: the old cookie no longer opens the graph.
    const lastSession = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    assert.ok(lastSession, 'a session cookie after the refresh');
    await openViewerMenu(page);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    await secondTab.getByTestId('sign-in-form').waitFor();
    assert.equal(await page.getByTestId('sign-in-notice').textContent(), 'You are signed out.');
    assert.deepEqual((await context.cookies()).map((cookie) => cookie.name), [], 'the cookies are cleared');
    const replay = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${lastSession.value}` },
      body: JSON.stringify({ query: '{ viewer { actorId } }' }),
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    assert.equal(replay.status, 401, 'the old session cookie is refused');

    // And a reload stays signed out.
    await page.reload();
    await page.getByTestId('sign-in-form').waitFor();
  });

  test('after a refresh the live socket reconnects with the new cookie and updates keep arriving', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const user = dashboard.owner();
    const suffix = randomUUID().slice(0, 8);
    const account = await graphqlOverHttp(baseUrl, user.testApiKey, {
      query: 'mutation E2eCreate($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
      variables: { input: { type: 'BUSINESS', name: `E2E Socket ${suffix}` } },
    });
    const accountId = (account.data as { createAccount?: { account?: { id?: unknown } } } | undefined)?.createAccount?.account?.id;
    assert.equal(typeof accountId, 'string', `createAccount failed: ${JSON.stringify(account.errors)}`);

    const { page, context, authRequests } = await openPage(dashboard.browser(), t);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await signIn(page, baseUrl, user);
    await waitForList(page);
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
    assert.equal(sockets.length, 1, 'one socket for the rows');

    // The access cookie goes missing; the next query gets a 401 and the page refreshes. The
    // socket was opened with the old cookie, so it reconnects to present the new one.
    await context.clearCookies({ name: SESSION_COOKIE });
    await page.getByTestId('accounts-search').fill(`Socket ${suffix}`);
    await waitUntil(() => authRequests().includes('/auth/refresh'), STEP_TIMEOUT_MS, 'a refresh after the 401');
    await waitUntil(() => sockets.length === 2, STEP_TIMEOUT_MS, 'a second socket after the refresh');
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
    await delay(SUBSCRIBE_SETTLE_MS);

    // A change made elsewhere still arrives live, on the new socket.
    const renamed = `E2E Socket renamed ${suffix}`;
    const update = await graphqlOverHttp(baseUrl, user.testApiKey, {
      query: 'mutation E2eRename($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id } } }',
      variables: { input: { id: accountId, name: renamed } },
    });
    assert.equal(update.errors, undefined, `updateAccount failed: ${JSON.stringify(update.errors)}`);
    await page.locator(`[data-testid="account-row"][data-account-id="${String(accountId)}"] [data-testid="account-name"]`, { hasText: renamed }).waitFor();
  });

  test('a viewer reads the accounts but is not offered to move money', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const viewer = await addMember(baseUrl, dashboard.owner(), 'VIEWER');
    const { page } = await openPage(dashboard.browser(), t);

    await signIn(page, baseUrl, viewer);
    await page.locator('[data-testid="viewer-role"][data-role="VIEWER"]').waitFor({ state: 'attached' });
    await waitForList(page);
    assert.equal(await page.getByTestId('viewer-role').textContent(), 'Viewer');
    assert.equal(await page.getByTestId('create-transfer').count(), 0, 'no Move money form');
    assert.equal(await page.getByTestId('create-account-form').count(), 0, 'no new account form');
    // Reading is still open: the recent transfers list answers (empty in this tenant).
    await page.getByTestId('transfers-empty').waitFor();
  });
});

// --- page helpers -------------------------------------------------------------------------

interface GraphqlRequestSeen {
  readonly authorization: string | undefined;
  readonly mode: string | undefined;
}

interface PageSession {
  readonly page: Page;
  readonly context: BrowserContext;
  /** The headers that matter on each POST /graphql the page made. */
  readonly graphqlRequests: () => readonly GraphqlRequestSeen[];
  /** The path of each /auth/* request the page made. */
  readonly authRequests: () => readonly string[];
}

async function openPage(browser: Browser, t: { after: (fn: () => Promise<void>) => void }): Promise<PageSession> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
  t.after(() => context.close().catch(() => undefined));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);

  const graphqlRequests: GraphqlRequestSeen[] = [];
  const authRequests: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/auth/')) authRequests.push(pathname);
    if (request.method() !== 'POST' || pathname !== '/graphql') return;
    const headers = request.headers();
    graphqlRequests.push({ authorization: headers.authorization, mode: headers['orquesta-mode'] });
  });
  return { page, context, graphqlRequests: () => graphqlRequests, authRequests: () => authRequests };
}

