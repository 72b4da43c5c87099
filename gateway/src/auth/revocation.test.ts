import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { PUBLIC_SCHEMA_PATH } from '../gateway-files';
import { REVOKING_MUTATIONS, revokesCredentials } from './revocation';

describe('revoking mutations', () => {
  test('the list names exactly the mutations that can take a credential away', () => {
    const mutations = Object.keys(buildSchema(readFileSync(PUBLIC_SCHEMA_PATH, 'utf8')).getMutationType()!.getFields());
    for (const name of REVOKING_MUTATIONS) assert.ok(mutations.includes(name), `${name} is a mutation of the public schema`);
    const looksRevoking = mutations.filter((name) => /^(revoke|remove|logout|pause|suspend)|Role$/.test(name));
    for (const name of looksRevoking) assert.ok(REVOKING_MUTATIONS.has(name), `${name} may take a credential away: list it in REVOKING_MUTATIONS`);
  });

  test('finds a revoking root field in one operation or a batch, and nowhere else', () => {
    assert.equal(revokesCredentials({ query: 'mutation { revokeApiKey(id: "k") { apiKey { id } } }' }), true);
    assert.equal(revokesCredentials([{ query: '{ viewer { id } }' }, { query: 'mutation M { logout { loggedOut } }' }]), true);
    assert.equal(revokesCredentials({ query: '{ apiKeys { id } } # revokeApiKey' }), false, 'a comment is not a mutation');
    assert.equal(revokesCredentials({ query: 'query revokeApiKey { viewer { id } }' }), false, 'an operation name is not a field');
    assert.equal(revokesCredentials({ query: 'mutation { createApiKey(input: { name: "revokeApiKey" }) { secret } }' }), false);
    assert.equal(revokesCredentials({ query: 'mutation { revokeApiKey(' }), false, 'unparseable');
    assert.equal(revokesCredentials(null), false);
  });
});
