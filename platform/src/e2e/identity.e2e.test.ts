import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeTestPools, queryOk, subscribe, subscriptionClient, testSystemPool, type GraphQLResponse } from '@orquesta/testing';
import { startTestPlatform } from '../testing';
import type { Platform } from '../platform';

// Every sign-up and sign-in comes from its own address (the platform trusts the test's
// x-forwarded-for), so the per-address limits apply to each test alone.
process.env.ORQUESTA_TRUST_PROXY = '1';

let platform: Platform;

before(async () => {
  platform = await startTestPlatform({ ORQUESTA_TRUST_PROXY: '1' });
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

function randomIp(): string {
  return `10.${randomBytes(3).join('.')}`;
}

async function call<T = Record<string, any>>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(platform.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': options.ip ?? randomIp(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, ...(text ? JSON.parse(text) : {}) };
}

function codeOf(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

const PASSWORD = 'a long passphrase for tests';
const TOKENS = 'userId tenantId sessionId accessToken refreshToken accessTokenExpiresAt';

const SIGNUP = `mutation($input: SignupInput!) { signup(input: $input) { ${TOKENS} testApiKey liveApiKey } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${TOKENS} } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${TOKENS} } }`;
const VIEWER = '{ viewer { tenantId livemode role actorType actorId } }';

interface Owner {
  email: string;
  userId: string;
  tenantId: string;
  accessToken: string;
  refreshToken: string;
  testApiKey: string;
  liveApiKey: string;
}

async function signup(): Promise<Owner> {
  const email = `owner-${randomUUID()}@example.com`;
  const response = await call(SIGNUP, { input: { email, password: PASSWORD, name: 'Ada Owner', companyName: 'Probe Ltd' } });
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  return { email, ...response.data!.signup };
}

async function login(email: string, password = PASSWORD, ip?: string): Promise<GraphQLResponse> {
  return call(LOGIN, { input: { email, password } }, { ip });
}

/** Invites someone with a role, has them accept, and returns their access token. */
async function member(owner: Owner, role: string): Promise<{ userId: string; accessToken: string; email: string }> {
  const email = `${role}-${randomUUID()}@example.com`;
  const invited = await queryOk(
    platform.url,
    owner.accessToken,
    'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token invite { id role expiresAt } } }',
    { input: { email, role: role.toUpperCase() } },
  );
  const accepted = await call(`mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { ${TOKENS} } }`, {
    input: { token: invited.inviteMember.token, password: PASSWORD, name: `Pat ${role}` },
  });
  assert.equal(accepted.errors, undefined, JSON.stringify(accepted.errors));
  return { email, userId: accepted.data!.acceptInvite.userId, accessToken: accepted.data!.acceptInvite.accessToken };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('signup and login', () => {
  test('signup makes a tenant, its owner, a session and a test and a live key', async () => {
    const owner = await signup();
    assert.match(owner.testApiKey, /^pk_test_[0-9a-f]{64}$/);
    assert.match(owner.liveApiKey, /^pk_live_[0-9a-f]{64}$/);
    const bySession = await queryOk(platform.url, owner.accessToken, VIEWER);
    assert.deepEqual(bySession.viewer, { tenantId: owner.tenantId, livemode: false, role: 'OWNER', actorType: 'user', actorId: owner.userId });
    const byLiveKey = await queryOk(platform.url, owner.liveApiKey, VIEWER);
    assert.equal(byLiveKey.viewer.livemode, true);
    const { rows } = await testSystemPool().query('SELECT password_hash FROM accounts.users WHERE id = $1', [owner.userId]);
    assert.match(rows[0].password_hash, /^scrypt\$/);
    assert.ok(!rows[0].password_hash.includes(PASSWORD));
  });

  test('weak passwords, bad emails and a taken email are refused; nothing is created', async () => {
    const email = `weak-${randomUUID()}@example.com`;
    for (const password of ['short', 'password1234', '123456789012', 'aaaaaaaaaaaaaaaa', `${email.split('@')[0]}xyz`]) {
      const response = await call(SIGNUP, { input: { email, password, name: 'W', companyName: 'W' } });
      assert.equal(codeOf(response), 'BAD_USER_INPUT', password);
      assert.equal(response.errors?.[0].extensions?.field, 'password');
    }
    const badEmail = await call(SIGNUP, { input: { email: 'not-an-email', password: PASSWORD, name: 'W', companyName: 'W' } });
    assert.equal(badEmail.errors?.[0].extensions?.field, 'email');
    const { rows } = await testSystemPool().query('SELECT 1 FROM accounts.users WHERE email = $1', [email]);
    assert.equal(rows.length, 0);
    const owner = await signup();
    const again = await call(SIGNUP, { input: { email: owner.email, password: PASSWORD, name: 'W', companyName: 'W' } });
    assert.equal(codeOf(again), 'CONFLICT');
  });

  test('a wrong password and an unknown email get the same answer', async () => {
    const owner = await signup();
    const wrong = await login(owner.email, 'not the right passphrase');
    const unknown = await login(`nobody-${randomUUID()}@example.com`, 'not the right passphrase');
    assert.equal(codeOf(wrong), 'UNAUTHENTICATED');
    assert.deepEqual(wrong.errors?.[0], unknown.errors?.[0]);
    const ok = await login(owner.email);
    assert.equal(ok.errors, undefined);
    assert.equal(ok.data!.login.userId, owner.userId);
  });

  test('five failures lock the account for 15 minutes, even against the right password', async () => {
    const owner = await signup();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.equal(codeOf(await login(owner.email, 'wrong passphrase here')), 'UNAUTHENTICATED');
    }
    const locked = await login(owner.email);
    assert.equal(codeOf(locked), 'RATE_LIMITED');
    assert.ok(locked.errors![0].extensions!.retryAfterSeconds > 800);
    const events = await queryOk(platform.url, owner.accessToken, '{ securityEvents(first: 50) { nodes { type severity } } }');
    const types = events.securityEvents.nodes.map((event: { type: string }) => event.type);
    assert.ok(types.includes('account_locked'), types.join(','));
    assert.equal(types.filter((type: string) => type === 'login_failed').length, 5);
  });

  test('signups are limited to 10 an hour per address', async () => {
    const ip = randomIp();
    const answers: string[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await call(
        SIGNUP,
        { input: { email: `burst-${randomUUID()}@example.com`, password: PASSWORD, name: 'B', companyName: 'B' } },
        { ip },
      );
      answers.push(codeOf(response) ?? 'ok');
    }
    assert.deepEqual(answers, [...Array(10).fill('ok'), 'RATE_LIMITED']);
  });

  test('logins are limited to 5 per 15 minutes per account', async () => {
    const owner = await signup();
    for (let attempt = 0; attempt < 5; attempt += 1) assert.equal((await login(owner.email)).errors, undefined);
    assert.equal(codeOf(await login(owner.email)), 'RATE_LIMITED');
  });

  test('logins are limited to 100 per 15 minutes per address', async () => {
    const ip = randomIp();
    const emails = Array.from({ length: 100 }, () => `nobody-${randomUUID()}@example.com`);
    for (let start = 0; start < emails.length; start += 20) {
      const batch = await Promise.all(emails.slice(start, start + 20).map((email) => login(email, 'wrong passphrase here', ip)));
      for (const response of batch) assert.equal(codeOf(response), 'UNAUTHENTICATED');
    }
    assert.equal(codeOf(await login(`nobody-${randomUUID()}@example.com`, 'wrong passphrase here', ip)), 'RATE_LIMITED');
  });
});

describe('sessions', () => {
  test('a refresh token is spent by its first use; reusing it ends every session of the user', async () => {
    const owner = await signup();
    const first = await call(REFRESH, { input: { refreshToken: owner.refreshToken } });
    assert.equal(first.errors, undefined);
    const rotated = first.data!.refreshSession;
    assert.notEqual(rotated.refreshToken, owner.refreshToken);
    assert.equal(rotated.userId, owner.userId);
    await queryOk(platform.url, rotated.accessToken, VIEWER);
    const other = (await login(owner.email)).data!.login;

    const reuse = await call(REFRESH, { input: { refreshToken: owner.refreshToken } });
    assert.equal(codeOf(reuse), 'UNAUTHENTICATED');
    for (const token of [rotated.accessToken, other.accessToken, owner.accessToken]) {
      await waitFor(async () => (await call(VIEWER, {}, { token })).status === 401, 'the access token to stop working');
    }
    assert.equal(codeOf(await call(REFRESH, { input: { refreshToken: rotated.refreshToken } })), 'UNAUTHENTICATED');
    const { rows } = await testSystemPool().query(
      "SELECT severity FROM accounts.security_events WHERE tenant_id = $1 AND type = 'refresh_token_reused'",
      [owner.tenantId],
    );
    assert.deepEqual(rows, [{ severity: 'critical' }]);
  });

  test('malformed, unknown and expired refresh tokens are refused alike', async () => {
    for (const refreshToken of ['', 'rt_nope', `rt_${'0'.repeat(64)}`, 'x'.repeat(5000)]) {
      assert.equal(codeOf(await call(REFRESH, { input: { refreshToken } })), 'UNAUTHENTICATED');
    }
  });

  test('a user lists and revokes sessions; logout and logoutEverywhere end them', async () => {
    const owner = await signup();
    const laptop = (await login(owner.email)).data!.login;
    const phone = (await login(owner.email)).data!.login;
    const listed = await queryOk(platform.url, laptop.accessToken, '{ sessions { id ip userAgent current } }');
    assert.equal(listed.sessions.length, 3);
    assert.equal(listed.sessions.filter((session: { current: boolean }) => session.current)[0].id, laptop.sessionId);
    assert.ok(listed.sessions.every((session: { ip: string }) => session.ip.startsWith('10.')));

    await queryOk(platform.url, laptop.accessToken, 'mutation($id: ID!) { revokeSession(id: $id) { sessionId } }', { id: phone.sessionId });
    await waitFor(async () => (await call(VIEWER, {}, { token: phone.accessToken })).status === 401, 'the revoked session to stop');
    await queryOk(platform.url, laptop.accessToken, 'mutation { logout { loggedOut } }');
    await waitFor(async () => (await call(VIEWER, {}, { token: laptop.accessToken })).status === 401, 'logout');
    const everywhere = await queryOk(platform.url, owner.accessToken, 'mutation { logoutEverywhere { sessionsRevoked } }');
    assert.equal(everywhere.logoutEverywhere.sessionsRevoked, 1);
    await waitFor(async () => (await call(VIEWER, {}, { token: owner.accessToken })).status === 401, 'logout everywhere');
  });

  test('a tampered or foreign-algorithm access token is refused', async () => {
    const owner = await signup();
    const [header, payload, signature] = owner.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, tid: randomUUID() })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [`${header}.${forged}.${signature}`, `${none}.${payload}.${signature}`, `${header}.${payload}.${'A'.repeat(43)}`]) {
      assert.equal((await call(VIEWER, {}, { token })).status, 401);
    }
  });

  test('the dashboard signs in with HttpOnly cookies, refreshes and signs out', async () => {
    const owner = await signup();
    const base = platform.url.replace('/graphql', '');
    const post = (path: string, body: unknown, cookie = '') =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': randomIp(), cookie }, body: JSON.stringify(body) });
    const wrong = await post('/auth/login', { email: owner.email, password: 'not the right passphrase' });
    assert.equal(wrong.status, 401);
    const signedIn = await post('/auth/login', { email: owner.email, password: PASSWORD });
    assert.equal(signedIn.status, 200);
    const body = (await signedIn.json()) as { userId: string };
    assert.equal(body.userId, owner.userId);
    assert.equal(JSON.stringify(body).includes('eyJ'), false, 'no token in the body');
    const cookies = signedIn.headers.getSetCookie();
    assert.ok(cookies.every((cookie) => cookie.includes('HttpOnly') && cookie.includes('SameSite=Strict')));
    const jar = cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    const viewer = await fetch(platform.url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar }, body: JSON.stringify({ query: VIEWER }) });
    assert.equal(((await viewer.json()) as { data: { viewer: { actorId: string } } }).data.viewer.actorId, owner.userId);

    const refreshed = await post('/auth/refresh', {}, jar);
    assert.equal(refreshed.status, 200);
    const newJar = refreshed.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    assert.equal((await post('/auth/refresh', {}, jar)).status, 401, 'the old refresh cookie is spent');
    await waitFor(async () => (await post('/auth/refresh', {}, newJar)).status === 401, 'reuse to end the rotated session too');
    const signedOut = await post('/auth/logout', {}, newJar);
    assert.ok(signedOut.headers.getSetCookie().every((cookie) => cookie.includes('Max-Age=0')));

    // Signing out with only the refresh cookie (the access cookie ran out) still ends the session.
    const again = await post('/auth/login', { email: owner.email, password: PASSWORD });
    const refreshOnly = again.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).filter((cookie) => cookie.startsWith('orquesta_refresh=')).join('; ');
    const { sessionId } = (await again.json()) as { sessionId: string };
    await post('/auth/logout', {}, refreshOnly);
    const { rows } = await testSystemPool().query('SELECT revoked_reason FROM accounts.sessions WHERE id = $1', [sessionId]);
    assert.equal(rows[0].revoked_reason, 'logout');
  });
});

// One protected operation per permission, with inputs valid enough that only the role decides.
interface Operation {
  readonly name: string;
  readonly allowed: readonly string[];
  run(token: string, fixture: Fixture): Promise<GraphQLResponse>;
}

interface Fixture {
  owner: Owner;
  accountId: string;
  otherAccountId: string;
  agentId: string;
  users: Record<string, { userId: string; accessToken: string }>;
}

const EVERYONE = ['owner', 'admin', 'member', 'viewer'];
const MOVERS = ['owner', 'admin', 'member'];
const ADMINS = ['owner', 'admin'];

const OPERATIONS: Operation[] = [
  { name: 'accounts (read)', allowed: EVERYONE, run: (token) => call('{ accounts(first: 1) { nodes { id } } }', {}, { token }) },
  { name: 'transfers (read)', allowed: EVERYONE, run: (token) => call('{ transfers(first: 1) { nodes { id } } }', {}, { token }) },
  {
    name: 'createAccount',
    allowed: MOVERS,
    run: (token) => call('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'PERSON', name: 'Role probe' } }, { token }),
  },
  {
    name: 'simulateDeposit',
    allowed: MOVERS,
    run: (token, f) =>
      call('mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { account { id } } }', { input: { accountId: f.accountId, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() } }, { token }),
  },
  {
    name: 'createInternalTransfer',
    allowed: MOVERS,
    run: (token, f) =>
      call('mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }', {
        input: { fromAccountId: f.accountId, toAccountId: f.otherAccountId, amount: { amount: '0.01', currency: 'USD' }, idempotencyKey: randomUUID() },
      }, { token }),
  },
  {
    name: 'createQuote',
    allowed: MOVERS,
    run: (token) => call('mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } } }', { input: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '10.00' } }, { token }),
  },
  {
    name: 'createApiKey',
    allowed: MOVERS,
    run: (token) => call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: 'role probe', role: 'VIEWER' } }, { token }),
  },
  {
    name: 'createWebhookEndpoint',
    allowed: ADMINS,
    run: (token) => call('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }', { input: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['transfer.*'] } }, { token }),
  },
  {
    name: 'createAgent',
    allowed: ADMINS,
    run: (token, f) => call('mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: f.accountId, name: 'Role probe agent' } }, { token }),
  },
  {
    name: 'createAgentToken',
    allowed: MOVERS,
    run: (token, f) => call('mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) { agentToken { id } } }', { input: { agentId: f.agentId } }, { token }),
  },
  {
    name: 'inviteMember',
    allowed: ADMINS,
    run: (token) => call('mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invite { id } } }', { input: { email: `x-${randomUUID()}@example.com`, role: 'VIEWER' } }, { token }),
  },
  { name: 'auditLog', allowed: ADMINS, run: (token) => call('{ auditLog(first: 1) { nodes { id } } }', {}, { token }) },
  { name: 'securityEvents', allowed: ADMINS, run: (token) => call('{ securityEvents(first: 1) { nodes { id } } }', {}, { token }) },
];

describe('roles', () => {
  let fixture: Fixture;

  before(async () => {
    const owner = await signup();
    const created = async (name: string) =>
      (await queryOk(platform.url, owner.testApiKey, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'BUSINESS', name } })).createAccount.account.id;
    const accountId = await created('Payer');
    const otherAccountId = await created('Payee');
    await queryOk(platform.url, owner.testApiKey, 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { account { id } } }', {
      input: { accountId, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    });
    const agentId = (await queryOk(platform.url, owner.testApiKey, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId, name: 'Payer bot' } })).createAgent.agent.id;
    const users: Fixture['users'] = { owner: { userId: owner.userId, accessToken: owner.accessToken } };
    for (const role of ['admin', 'member', 'viewer']) users[role] = await member(owner, role);
    fixture = { owner, accountId, otherAccountId, agentId, users };
  });

  test('every role × every protected operation: allowed, or FORBIDDEN naming the permission', async () => {
    const failures: string[] = [];
    for (const operation of OPERATIONS) {
      for (const role of EVERYONE) {
        const response = await operation.run(fixture.users[role].accessToken, fixture);
        const code = codeOf(response);
        const expected = operation.allowed.includes(role);
        if (expected && code !== undefined) failures.push(`${role} ${operation.name}: expected success, got ${code} ${response.errors?.[0].message}`);
        if (!expected && (code !== 'FORBIDDEN' || !response.errors?.[0].extensions?.permission)) failures.push(`${role} ${operation.name}: expected FORBIDDEN, got ${code ?? 'success'}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('admins manage members and viewers, not owners or other admins; the last owner stays', async () => {
    const { users, owner } = fixture;
    const setRole = (token: string, userId: string, role: string) =>
      call('mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { userId role } } }', { input: { userId, role } }, { token });
    assert.equal(codeOf(await setRole(users.admin.accessToken, owner.userId, 'VIEWER')), 'FORBIDDEN');
    assert.equal(codeOf(await setRole(users.admin.accessToken, users.viewer.userId, 'OWNER')), 'FORBIDDEN');
    assert.equal(codeOf(await setRole(users.member.accessToken, users.viewer.userId, 'MEMBER')), 'FORBIDDEN');
    const promoted = await setRole(users.admin.accessToken, users.viewer.userId, 'MEMBER');
    assert.equal(promoted.data?.updateMemberRole.member.role, 'MEMBER');
    // The role applies at once (the member.role_changed event clears the gateways' cached verdicts).
    await waitFor(async () => codeOf(await OPERATIONS[2].run(users.viewer.accessToken, fixture)) === undefined, 'the new role to apply', 1_000);
    assert.equal((await setRole(users.admin.accessToken, users.viewer.userId, 'VIEWER')).errors, undefined);
    assert.equal(codeOf(await setRole(owner.accessToken, owner.userId, 'ADMIN')), 'CONFLICT');
    assert.equal(codeOf(await call('mutation($id: ID!) { removeMember(userId: $id) { userId } }', { id: owner.userId }, { token: owner.accessToken })), 'CONFLICT');
    const roles = await testSystemPool().query('SELECT role FROM accounts.memberships WHERE tenant_id = $1 ORDER BY role', [owner.tenantId]);
    assert.deepEqual(roles.rows.map((row) => row.role), ['admin', 'member', 'owner', 'viewer']);
    const changes = await testSystemPool().query("SELECT details FROM accounts.security_events WHERE tenant_id = $1 AND type = 'role_changed'", [owner.tenantId]);
    assert.equal(changes.rows.length, 2);
  });

  test('a removed member is signed out everywhere at once', async () => {
    const extra = await member(fixture.owner, 'member');
    await queryOk(platform.url, fixture.owner.accessToken, 'mutation($id: ID!) { removeMember(userId: $id) { userId } }', { id: extra.userId });
    await waitFor(async () => (await call(VIEWER, {}, { token: extra.accessToken })).status === 401, 'the removed member to be refused');
  });

  test('a key never holds more than its creator; a member revokes its own keys, not others', async () => {
    const { users } = fixture;
    const create = (token: string, role: string) =>
      call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id role } } }', { input: { name: 'k', role } }, { token });
    assert.equal(codeOf(await create(users.member.accessToken, 'ADMIN')), 'FORBIDDEN');
    const mine = (await create(users.member.accessToken, 'MEMBER')).data!.createApiKey;
    const admins = (await create(users.admin.accessToken, 'MEMBER')).data!.createApiKey;
    const revoke = (token: string, id: string) => call('mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id revokedAt } } }', { id }, { token });
    assert.equal(codeOf(await revoke(users.member.accessToken, admins.apiKey.id)), 'FORBIDDEN');
    assert.equal((await revoke(users.member.accessToken, mine.apiKey.id)).errors, undefined);
    assert.equal((await revoke(users.admin.accessToken, admins.apiKey.id)).errors, undefined);
  });
});

describe('API keys', () => {
  test('a revoked key stops at once, over HTTP and on an open websocket', async () => {
    const owner = await signup();
    const created = await queryOk(platform.url, owner.accessToken, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix livemode } } }', {
      input: { name: 'CI key' },
    });
    const { secret, apiKey } = created.createApiKey;
    assert.equal(secret.slice(0, apiKey.prefix.length), apiKey.prefix);
    await queryOk(platform.url, secret, VIEWER);
    const listed = await queryOk(platform.url, owner.accessToken, '{ apiKeys { id prefix lastUsedAt lastUsedIp } }');
    assert.ok(!JSON.stringify(listed).includes(secret));

    const client = subscriptionClient(platform.wsUrl, secret);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    const live = subscribe(client, 'subscription { paymentEvents { id type } }');
    await live.quiet(300);
    await queryOk(platform.url, owner.accessToken, 'mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } } }', { id: apiKey.id });
    await waitFor(async () => (await call(VIEWER, {}, { token: secret })).status === 401, 'the revoked key to be refused', 2_000);
    assert.equal(await closed, 4403);
    live.close();
  });

  test('rotation gives a new key and keeps the old one for its 24-hour grace only', async () => {
    const owner = await signup();
    const keys = await queryOk(platform.url, owner.testApiKey, '{ apiKeys { id prefix } }');
    const testKey = keys.apiKeys.find((key: { prefix: string }) => owner.testApiKey.startsWith(key.prefix));
    const rotated = await queryOk(platform.url, owner.accessToken, 'mutation($id: ID!) { rotateApiKey(id: $id) { secret previousKeyExpiresAt apiKey { id prefix } } }', { id: testKey.id });
    const graceHours = (Date.parse(rotated.rotateApiKey.previousKeyExpiresAt) - Date.now()) / 3_600_000;
    assert.ok(graceHours > 23.9 && graceHours <= 24, String(graceHours));
    await queryOk(platform.url, owner.testApiKey, VIEWER);
    await queryOk(platform.url, rotated.rotateApiKey.secret, VIEWER);
    // The grace ends: the old key's expiry passes.
    await testSystemPool().query("UPDATE accounts.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [testKey.id]);
    await waitFor(async () => (await call(VIEWER, {}, { token: owner.testApiKey })).status === 401, 'the old key to expire', 8_000);
    await queryOk(platform.url, rotated.rotateApiKey.secret, VIEWER);
    const events = await queryOk(platform.url, owner.accessToken, '{ securityEvents(first: 20, type: "api_key_rotated") { nodes { type details } } }');
    assert.equal(events.securityEvents.nodes.length, 1);
  });

  test('a test key sees only test data and a live key only live data', async () => {
    const owner = await signup();
    const create = (token: string, name: string) =>
      queryOk(platform.url, token, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id livemode } } }', { input: { type: 'PERSON', name } });
    const testAccount = (await create(owner.testApiKey, 'Test person')).createAccount.account;
    const liveAccount = (await create(owner.liveApiKey, 'Live person')).createAccount.account;
    assert.deepEqual([testAccount.livemode, liveAccount.livemode], [false, true]);
    const read = (token: string, id: string) => call('query($id: ID!) { account(id: $id) { id } }', { id }, { token });
    assert.equal(codeOf(await read(owner.liveApiKey, testAccount.id)), 'NOT_FOUND');
    assert.equal(codeOf(await read(owner.testApiKey, liveAccount.id)), 'NOT_FOUND');
    const liveList = await queryOk(platform.url, owner.liveApiKey, '{ accounts(first: 100) { nodes { id livemode } } apiKeys { livemode } }');
    assert.deepEqual(liveList.accounts.nodes, [liveAccount]);
    assert.ok(liveList.apiKeys.every((key: { livemode: boolean }) => key.livemode));
    const sessionLive = await call(VIEWER, {}, { token: owner.accessToken, headers: { 'orquesta-mode': 'live' } });
    assert.equal(sessionLive.data?.viewer.livemode, true);
    // A test key's security events stay in test mode; sign-ins belong to both.
    await queryOk(platform.url, owner.accessToken, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: 'test only' } });
    const eventTypes = async (mode: string) => {
      const response = await call('{ securityEvents(first: 50) { nodes { type } } }', {}, { token: owner.accessToken, headers: { 'orquesta-mode': mode } });
      // Every call here comes from a new address, so api_key_new_ip events are left aside.
      return response.data!.securityEvents.nodes.map((event: { type: string }) => event.type).filter((type: string) => type !== 'api_key_new_ip').sort();
    };
    assert.deepEqual(await eventTypes('test'), ['api_key_created', 'signup']);
    assert.deepEqual(await eventTypes('live'), ['signup']);
    assert.equal(codeOf(await call('mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { account { id } } }', { input: { accountId: liveAccount.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() } }, { token: owner.liveApiKey })), 'FORBIDDEN');
  });

  test('a key records where it was last used, and a new address is a security event', async () => {
    const owner = await signup();
    const [first, second] = [randomIp(), randomIp()];
    assert.equal((await call(VIEWER, {}, { token: owner.testApiKey, ip: first })).status, 200);
    await waitFor(async () => {
      const keys = await queryOk(platform.url, owner.accessToken, '{ apiKeys { prefix lastUsedIp lastUsedAt } }');
      return keys.apiKeys.some((key: { lastUsedIp: string | null }) => key.lastUsedIp === first);
    }, 'last use to be recorded');
    assert.equal((await call(VIEWER, {}, { token: owner.testApiKey, ip: second })).status, 200);
    await waitFor(async () => {
      const events = await queryOk(platform.url, owner.accessToken, '{ securityEvents(first: 10, type: "api_key_new_ip") { nodes { ip details } } }');
      return events.securityEvents.nodes.some((event: { ip: string; details: { previousIp: string } }) => event.ip === second && event.details.previousIp === first);
    }, 'the new-address event');
  });

  test('at most 10 keys a day per tenant', async () => {
    const owner = await signup();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: `k${index}` } }, { token: owner.accessToken }),
      ),
    );
    // Signup made two of the ten.
    assert.equal(answers.filter((answer) => !answer.errors).length, 8);
    assert.ok(answers.filter((answer) => answer.errors).every((answer) => codeOf(answer) === 'RATE_LIMITED'));
  });
});

describe('agent tokens', () => {
  test('an agent token acts as its agent, only from its account, and stops when the agent is paused', async () => {
    const owner = await signup();
    const account = async (name: string) =>
      (await queryOk(platform.url, owner.testApiKey, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'BUSINESS', name } })).createAccount.account.id;
    const own = await account('Agent parent');
    const other = await account('Someone else');
    for (const accountId of [own, other]) {
      await queryOk(platform.url, owner.testApiKey, 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { account { id } } }', {
        input: { accountId, amount: { amount: '50.00', currency: 'USD' }, idempotencyKey: randomUUID() },
      });
    }
    const agentId = (await queryOk(platform.url, owner.testApiKey, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: own, name: 'Payables bot' } })).createAgent.agent.id;
    const issued = await queryOk(platform.url, owner.accessToken, 'mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) { token agentToken { id prefix agentId } } }', { input: { agentId } });
    const token = issued.createAgentToken.token;
    assert.match(token, /^agent_[0-9a-f]{64}$/);
    const viewer = (await queryOk(platform.url, token, VIEWER)).viewer;
    assert.deepEqual([viewer.actorType, viewer.actorId], ['agent', agentId]);

    const move = (from: string, to: string) =>
      call('mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id initiatedBy { type id } } } }', {
        input: { fromAccountId: from, toAccountId: to, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() },
      }, { token });
    const paid = await move(own, other);
    assert.deepEqual(paid.data?.createInternalTransfer.transfer.initiatedBy, { type: 'AGENT', id: agentId });
    assert.equal(codeOf(await move(other, own)), 'FORBIDDEN');
    assert.equal(codeOf(await call('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: 'nope' } }, { token })), 'FORBIDDEN');

    const client = subscriptionClient(platform.wsUrl, token);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    const live = subscribe(client, 'subscription($id: ID!) { balanceChanged(accountId: $id) { id } }', { id: own });
    await live.quiet(300);
    await queryOk(platform.url, owner.testApiKey, 'mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { agent { id status } } }', { input: { id: agentId, status: 'PAUSED' } });
    await waitFor(async () => (await call(VIEWER, {}, { token })).status === 401, 'the paused agent to be refused', 2_000);
    assert.equal(await closed, 4403);
    live.close();
  });
});

describe('audit log', () => {
  test('every state change is recorded with its actor, before and after, and no secret', async () => {
    const owner = await signup();
    const created = await queryOk(platform.url, owner.testApiKey, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'PERSON', name: 'Audited' } });
    const id = created.createAccount.account.id;
    await queryOk(platform.url, owner.accessToken, 'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id } } }', { input: { id, name: 'Audited twice' } });
    const log = await queryOk(platform.url, owner.accessToken, 'query($id: String) { auditLog(first: 10, entityId: $id) { nodes { actorType actorId action entityType before after } } }', { id });
    const [update, insert] = log.auditLog.nodes;
    assert.deepEqual([insert.action, insert.actorType, insert.entityType], ['insert', 'api_key', 'accounts.accounts']);
    assert.deepEqual([update.action, update.actorType, update.actorId], ['update', 'user', owner.userId]);
    assert.equal(update.before.name, 'Audited');
    assert.equal(update.after.name, 'Audited twice');
    const keys = await queryOk(platform.url, owner.accessToken, '{ auditLog(first: 50, entityType: "accounts.api_keys") { nodes { after } } }');
    // Signup made a test and a live key; a test-mode reader sees the test one only.
    assert.equal(keys.auditLog.nodes.length, 1);
    assert.equal(keys.auditLog.nodes[0].after.livemode, false);
    assert.ok(keys.auditLog.nodes.every((entry: { after: Record<string, unknown> }) => !('key_hash' in entry.after)));
    // Other subgraphs' state too: an agent created with the session is recorded as the user's.
    const agent = await queryOk(platform.url, owner.accessToken, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: id, name: 'Audited bot' } });
    const agentLog = await queryOk(platform.url, owner.accessToken, 'query($id: String) { auditLog(first: 5, entityId: $id) { nodes { actorType actorId action entityType } } }', { id: agent.createAgent.agent.id });
    assert.deepEqual(agentLog.auditLog.nodes, [{ actorType: 'user', actorId: owner.userId, action: 'insert', entityType: 'agents.agents' }]);
    await assert.rejects(testSystemPool().query('DELETE FROM accounts.audit_log WHERE tenant_id = $1', [owner.tenantId]), /append-only/);
  });
});
