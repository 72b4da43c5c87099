import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertNoSecrets, postGraphQL, postGraphQLFrom, queryOk, randomClientIp, signupVia, subscribe, subscriptionClient, type GraphQLResponse } from '@orquesta/testing';
import { startPlatformProcess, type PlatformProcess } from '../testing';

// Two gateway replicas (two platform processes on one database and one Redis). Once a
// revocation returns, the credential is refused on the replica that served it at once, and on
// the other within 250 ms; a websocket it holds there closes with 4403 within the same bound.

const BOUND_MS = 250;
const VIEWER = '{ viewer { tenantId } }';
let first: PlatformProcess;
let second: PlatformProcess;
const started: PlatformProcess[] = [];

before(async () => {
  const env = { ORQUESTA_TRUST_PROXY: '1' };
  // One after the other: two platforms starting at once on a 2-core machine double the wait.
  first = await startPlatformProcess(env);
  started.push(first);
  second = await startPlatformProcess(env);
  started.push(second);
});

after(async () => {
  for (const replica of started) {
    replica.child.kill('SIGKILL');
    await replica.exited();
    assertNoSecrets(replica.output(), 'a gateway replica');
  }
});

function codeOf(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

/**
 * Milliseconds from `since` until the first request that `refused` holds for was SENT (polled
 * every 5 ms): how soon the change reached that replica, not how long its answer took.
 */
async function refusedAfter(since: number, request: () => Promise<GraphQLResponse>, refused: (response: GraphQLResponse) => boolean): Promise<number> {
  for (;;) {
    const sentAt = Date.now();
    if (refused(await request())) return sentAt - since;
    if (sentAt - since > 5_000) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A websocket on `wsUrl` holding a subscription; resolves with its close code and when it closed. */
async function openSocket(wsUrl: string, token: string) {
  const client = subscriptionClient(wsUrl, token);
  const closed = new Promise<{ code: number; at: number }>((resolve) => client.on('closed', (event) => resolve({ code: (event as { code: number }).code, at: Date.now() })));
  const live = subscribe(client, 'subscription { paymentEvents { id type } }');
  await live.quiet(300);
  return { closed, close: () => live.close() };
}

const unauthenticated = (response: GraphQLResponse) => response.status === 401;

describe('revocation across gateway replicas', () => {
  test('a revoked API key: refused at once where revoked, within 250 ms on the other replica, whose socket closes with 4403', async () => {
    const owner = await signupVia(first.url);
    const created = await queryOk(first.url, owner.accessToken, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }', {
      input: { name: 'replica probe' },
    });
    const { secret, apiKey } = created.createApiKey;
    // Both replicas have verified (and cached) the key before it is revoked.
    await queryOk(first.url, secret, VIEWER);
    await queryOk(second.url, secret, VIEWER);
    const socket = await openSocket(second.url.replace('http', 'ws'), secret);

    await queryOk(first.url, owner.accessToken, 'mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } } }', { id: apiKey.id });
    const revokedAt = Date.now();
    assert.equal((await postGraphQL(first.url, secret, VIEWER)).status, 401, 'the very next request on the replica that revoked it');
    const elsewhere = await refusedAfter(revokedAt, () => postGraphQL(second.url, secret, VIEWER), unauthenticated);
    assert.ok(elsewhere <= BOUND_MS, `refused on the other replica after ${elsewhere} ms`);
    const closed = await socket.closed;
    assert.equal(closed.code, 4403);
    assert.ok(closed.at - revokedAt <= BOUND_MS, `socket closed ${closed.at - revokedAt} ms after the revocation`);
    socket.close();
  });

  test('logoutEverywhere: the session is refused at once where it ran and within 250 ms on the other replica', async () => {
    const owner = await signupVia(first.url);
    await queryOk(first.url, owner.accessToken, VIEWER);
    await queryOk(second.url, owner.accessToken, VIEWER);
    const socket = await openSocket(first.url.replace('http', 'ws'), owner.accessToken);

    await queryOk(second.url, owner.accessToken, 'mutation { logoutEverywhere { sessionsRevoked } }');
    const endedAt = Date.now();
    assert.equal((await postGraphQL(second.url, owner.accessToken, VIEWER)).status, 401);
    const elsewhere = await refusedAfter(endedAt, () => postGraphQL(first.url, owner.accessToken, VIEWER), unauthenticated);
    assert.ok(elsewhere <= BOUND_MS, `refused on the other replica after ${elsewhere} ms`);
    const closed = await socket.closed;
    assert.equal(closed.code, 4403);
    assert.ok(closed.at - endedAt <= BOUND_MS, `socket closed ${closed.at - endedAt} ms after the logout`);
    socket.close();
  });

  test('a role change holds from the next request on both replicas', async () => {
    const owner = await signupVia(first.url);
    const email = `member-${randomUUID()}@example.com`;
    const invited = await queryOk(first.url, owner.accessToken, 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }', {
      input: { email, role: 'MEMBER' },
    });
    const accepted = await postGraphQLFrom(first.url, randomClientIp(), undefined, 'mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { userId accessToken } }', {
      input: { token: invited.inviteMember.token, password: `Correct-${randomUUID()}`, name: 'Pat Member' },
    });
    assert.equal(accepted.errors, undefined, JSON.stringify(accepted.errors));
    const { userId, accessToken } = accepted.data!.acceptInvite;
    const createKey = (url: string) =>
      postGraphQL(url, accessToken, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { name: 'member key', role: 'VIEWER' } });
    // A member may create keys; both replicas have cached the member's verdict.
    assert.equal((await createKey(first.url)).errors, undefined);
    assert.equal((await createKey(second.url)).errors, undefined);

    await queryOk(second.url, owner.accessToken, 'mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { role } } }', {
      input: { userId, role: 'VIEWER' },
    });
    const changedAt = Date.now();
    assert.equal(codeOf(await createKey(second.url)), 'FORBIDDEN', 'a viewer from the next request where the change ran');
    const elsewhere = await refusedAfter(changedAt, () => createKey(first.url), (response) => codeOf(response) === 'FORBIDDEN');
    assert.ok(elsewhere <= BOUND_MS, `the viewer role held on the other replica after ${elsewhere} ms`);
  });
});
