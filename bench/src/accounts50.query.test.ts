import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccounts50Body } from './accounts50.query';

function page(accounts: number, agentsEach: number): string {
  const nodes = Array.from({ length: accounts }, (_, index) => ({
    id: `acc_${index}`,
    name: `Account ${index}`,
    type: 'BUSINESS',
    verificationStatus: 'UNVERIFIED',
    agents: Array.from({ length: agentsEach }, (__, agent) => ({ id: `agt_${index}_${agent}`, name: 'Agent', status: 'ACTIVE', kyaTier: 'BASIC' })),
  }));
  return JSON.stringify({ data: { accounts: { nodes } } });
}

test('accepts a full page and counts what it holds', () => {
  assert.deepEqual(checkAccounts50Body(page(50, 2), 2), { ok: true, accounts: 50, agents: 100 });
});

test('refuses a body with a GraphQL errors array, even with data beside it', () => {
  const body = JSON.stringify({ ...JSON.parse(page(50, 2)), errors: [{ message: 'agents subgraph unavailable' }] });
  const check = checkAccounts50Body(body, 2);
  assert.equal(check.ok, false);
  assert.match(!check.ok ? check.problem : '', /agents subgraph unavailable/);
});

test('refuses a short page, an account without its agents, null data and non-JSON', () => {
  assert.equal(checkAccounts50Body(page(49, 2), 2).ok, false);
  assert.equal(checkAccounts50Body(page(50, 1), 2).ok, false);
  assert.equal(checkAccounts50Body(JSON.stringify({ data: null }), 2).ok, false);
  assert.equal(checkAccounts50Body('<html>502 Bad Gateway</html>', 2).ok, false);
});
