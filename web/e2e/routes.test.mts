/**
 * Every route, signed in, at 1440×900 and 390×844, light and dark: no console error, no axe
 * violation above "moderate", a screenshot of each kept in web/e2e-artifacts/ (gitignored).
 * One browser, one page per colour scheme, client-side navigation between routes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { graphqlOverHttp, ROOT, signIn, useDashboard } from './dashboard.harness.mjs';

const LAUNCH_TIMEOUT_MS = 60_000;
const SWEEP_TIMEOUT_MS = 8 * 60_000;
const SETTLE_TIMEOUT_MS = 10_000;
const ARTIFACTS = path.join(ROOT, 'web', 'e2e-artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[] }>;
}

async function call(baseUrl: string, key: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const answer = await graphqlOverHttp(baseUrl, key, { query, variables });
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data as Record<string, any>;
}

/** Navigates in place (the router listens to popstate), as a click on a link would. */
async function visit(page: Page, route: string): Promise<void> {
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(route)}); dispatchEvent(new PopStateEvent('popstate'));`);
  await page.locator('[data-testid="page"]').waitFor();
  // Settled: the page's chunk and its first data are in (no skeleton, nothing busy).
  await page.waitForFunction('document.querySelectorAll(\'[aria-busy="true"]\').length === 0', undefined, { timeout: SETTLE_TIMEOUT_MS });
}

describe('every route', () => {
  const dashboard = useDashboard(LAUNCH_TIMEOUT_MS);

  test('renders at two sizes in light and dark with no console error and no serious axe violation', { timeout: SWEEP_TIMEOUT_MS }, async () => {
    const { baseUrl } = dashboard.gateway();
    const owner = dashboard.owner();
    const key = owner.testApiKey;
    mkdirSync(ARTIFACTS, { recursive: true });

    // Something to show on the detail routes.
    const suffix = randomUUID().slice(0, 8);
    const made = await call(baseUrl, key, 'mutation($a: CreateAccountInput!, $b: CreateAccountInput!) { a: createAccount(input: $a) { account { id } } b: createAccount(input: $b) { account { id } } }', {
      a: { type: 'BUSINESS', name: `Sweep payer ${suffix}`, email: `payer-${suffix}@example.com` },
      b: { type: 'PERSON', name: `Sweep payee ${suffix}` },
    });
    const payerId = made.a.account.id;
    const payeeId = made.b.account.id;
    await call(baseUrl, key, 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }', {
      input: { accountId: payerId, amount: { amount: '42000.00', currency: 'USD' }, idempotencyKey: `sweep-${suffix}` },
    });
    const transfer = await call(baseUrl, key, 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }', {
      input: { fromAccountId: payerId, toAccountId: payeeId, amount: { amount: '1500.00', currency: 'USD' }, idempotencyKey: `sweep-t-${suffix}`, description: 'Invoice 42' },
    });
    const payout = await call(baseUrl, key, 'mutation($input: CreatePayoutInput!) { createPayout(input: $input) { transfer { id } } }', {
      input: { fromAccountId: payerId, amount: { amount: '250.00', currency: 'USD' }, destination: { network: 'ACH', name: 'Jane Roe', routingNumber: '021000021', accountNumber: '000123456789' }, idempotencyKey: `sweep-p-${suffix}` },
    });
    const agent = await call(baseUrl, key, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: payerId, name: `Sweep agent ${suffix}` } });

    const routes = [
      '/',
      '/accounts',
      `/accounts/${payerId}`,
      '/transfers',
      `/transfers/${transfer.createInternalTransfer.transfer.id}`,
      '/payouts',
      `/payouts/${payout.createPayout.transfer.id}`,
      '/agents',
      `/agents/${agent.createAgent.agent.id}`,
      '/streams',
      '/payment-requests',
      '/disputes',
      '/schedules',
      '/reports',
      '/treasury',
      '/developers/api-keys',
      '/developers/webhooks',
      '/developers/events',
      '/team',
      '/settings',
      '/audit',
      '/no-such-page',
    ];

    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const context = await dashboard.browser().newContext({ colorScheme: scheme, viewport: VIEWPORTS[0], locale: 'en-US', timezoneId: 'America/Mexico_City' });
      const page = await context.newPage();
      // Before signing in, the restore attempt's 401 from /auth/refresh is expected.
      let signedIn = false;
      page.on('console', (message) => {
        if (message.type() === 'error' && signedIn) problems.push(`${scheme} ${page.url()}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${scheme} ${page.url()}: page error: ${error.message}`));
      await signIn(page, baseUrl, owner, '/');
      signedIn = true;
      assert.equal(await page.evaluate('document.documentElement.dataset.theme'), scheme, 'the theme follows the system');
      await page.addScriptTag({ content: AXE_SOURCE });

      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        for (const route of routes) {
          await visit(page, route);
          if (route === '/no-such-page') assert.equal(await page.getByTestId('not-found').count(), 1, 'an unknown route shows the not-found page');
          const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)`)) as AxeViolation[];
          for (const violation of violations.filter((entry) => entry.impact === 'serious' || entry.impact === 'critical')) {
            problems.push(`${scheme} ${viewport.name} ${route}: axe ${violation.impact} ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
          }
          // Nothing runs off the side on a phone.
          const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
          if (overflow > 1) problems.push(`${scheme} ${viewport.name} ${route}: the page is ${overflow}px wider than the screen`);
          const name = route === '/' ? 'overview' : route.slice(1).replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
          await page.screenshot({ path: path.join(ARTIFACTS, `${viewport.name}-${scheme}-${name}.png`) });
        }
      }
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test('the server answers 404 for a missing file and the app for a client route', async () => {
    const { baseUrl } = dashboard.gateway();
    for (const missing of ['/favicon.ico', '/assets/nothing-here.js']) {
      const response = await fetch(`${baseUrl}${missing}`);
      await response.body?.cancel();
      assert.equal(response.status, 404, missing);
    }
    const route = await fetch(`${baseUrl}/payouts`);
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<div id="root">/);
  });
});
