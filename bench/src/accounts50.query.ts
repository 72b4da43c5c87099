/** The measured operation: one page of 50 accounts with their agents (two subgraphs, one entity hop). */
export const ACCOUNTS_50_QUERY =
  'query Accounts50 { accounts(first: 50) { nodes { id name type verificationStatus agents { id name status kyaTier } } } }';

export const ACCOUNTS_50_PAGE_SIZE = 50;

/** The exact bytes autocannon sends on every request. */
export const ACCOUNTS_50_REQUEST_BODY = JSON.stringify({ query: ACCOUNTS_50_QUERY, operationName: 'Accounts50' });

export type Accounts50Check =
  | { readonly ok: true; readonly accounts: number; readonly agents: number }
  | { readonly ok: false; readonly problem: string };

interface AgentShape {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  kyaTier?: unknown;
}

interface AccountShape {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  verificationStatus?: unknown;
  agents?: AgentShape[] | null;
}

/**
 * Full check of one response body: JSON, no `errors`, exactly a full page, every field present
 * and every account with at least `agentsPerAccountMin` agents (the seed guarantees it).
 */
export function checkAccounts50Body(body: string, agentsPerAccountMin: number): Accounts50Check {
  let payload: { data?: { accounts?: { nodes?: AccountShape[] } } | null; errors?: unknown[] };
  try {
    payload = JSON.parse(body) as typeof payload;
  } catch {
    return { ok: false, problem: `not JSON: ${body.slice(0, 200)}` };
  }
  if (Array.isArray(payload.errors) && payload.errors.length > 0) {
    return { ok: false, problem: `GraphQL errors: ${JSON.stringify(payload.errors).slice(0, 500)}` };
  }
  const nodes = payload.data?.accounts?.nodes;
  if (!Array.isArray(nodes)) return { ok: false, problem: 'data.accounts.nodes is missing' };
  if (nodes.length !== ACCOUNTS_50_PAGE_SIZE) {
    return { ok: false, problem: `expected ${ACCOUNTS_50_PAGE_SIZE} accounts, got ${nodes.length}` };
  }
  let agents = 0;
  for (const node of nodes) {
    if (typeof node.id !== 'string' || typeof node.name !== 'string' || typeof node.type !== 'string' || typeof node.verificationStatus !== 'string') {
      return { ok: false, problem: `account with a missing field: ${JSON.stringify(node).slice(0, 200)}` };
    }
    if (!Array.isArray(node.agents) || node.agents.length < agentsPerAccountMin) {
      return { ok: false, problem: `account ${node.id} has ${node.agents?.length ?? 'no'} agents, expected at least ${agentsPerAccountMin}` };
    }
    for (const agent of node.agents) {
      if (typeof agent.id !== 'string' || typeof agent.name !== 'string' || typeof agent.status !== 'string' || agent.kyaTier === undefined) {
        return { ok: false, problem: `agent with a missing field: ${JSON.stringify(agent).slice(0, 200)}` };
      }
    }
    agents += node.agents.length;
  }
  return { ok: true, accounts: nodes.length, agents };
}
