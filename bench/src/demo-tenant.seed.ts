import type { GraphqlClient } from './graphql.client';

export interface SeedTarget {
  readonly accountsMin: number;
  readonly agentsPerAccountMin: number;
}

export interface SeedResult {
  readonly accountsCreated: number;
  readonly agentsCreated: number;
}

const EXISTING_QUERY = 'query BenchSeedExisting { accounts(first: 100) { nodes { id agents { id } } } }';
const CREATE_ACCOUNT = 'mutation BenchCreateAccount($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }';
const CREATE_AGENT = 'mutation BenchCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }';

// Few enough not to trip rate limits or pool limits, enough that 150 mutations take seconds.
const SEED_CONCURRENCY = 4;

interface ExistingAccounts {
  accounts: { nodes: Array<{ id: string; agents: Array<{ id: string }> | null }> };
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += SEED_CONCURRENCY) {
    await Promise.all(items.slice(start, start + SEED_CONCURRENCY).map(work));
  }
}

/**
 * Tops the demo tenant up to `accountsMin` accounts with `agentsPerAccountMin` agents each,
 * through the public API, counting first so that re-runs against the same database add nothing.
 */
export async function seedDemoTenant(client: GraphqlClient, target: SeedTarget): Promise<SeedResult> {
  const existing = await client.request<ExistingAccounts>(EXISTING_QUERY);
  const agentCounts = new Map(existing.accounts.nodes.map((node) => [node.id, node.agents?.length ?? 0]));

  const missingAccounts = Math.max(0, target.accountsMin - agentCounts.size);
  const suffix = Date.now().toString(36);
  await inBatches(
    Array.from({ length: missingAccounts }, (_, index) => index),
    async (index) => {
      const label = `${suffix}-${String(index + 1).padStart(2, '0')}`;
      const data = await client.request<{ createAccount: { account: { id: string } } }>(CREATE_ACCOUNT, {
        input: { type: index % 2 === 0 ? 'BUSINESS' : 'PERSON', name: `Bench Account ${label}`, email: `bench-${label}@example.com` },
      });
      agentCounts.set(data.createAccount.account.id, 0);
    },
  );

  const missingAgents = [...agentCounts].flatMap(([accountId, count]) =>
    Array.from({ length: Math.max(0, target.agentsPerAccountMin - count) }, (_, index) => ({ accountId, ordinal: count + index + 1 })),
  );
  await inBatches(missingAgents, async ({ accountId, ordinal }) => {
    await client.request(CREATE_AGENT, {
      input: { accountId, name: `Bench Agent ${ordinal}`, description: 'Created by npm run bench' },
    });
  });

  return { accountsCreated: missingAccounts, agentsCreated: missingAgents.length };
}
