import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { AgentDirectory, AgentListing } from '@orquesta/accounts';
import { readForTenant, type TenantScope } from '@orquesta/db';

/** Accounts' view of agents (its `AgentDirectory`): who an agent is, for issuing and checking its tokens. */
export const agentDirectory: AgentDirectory = {
  async find(source: DataSource | Pool, scope: TenantScope, agentId: string): Promise<AgentListing | null> {
    const [row] = await readForTenant<AgentListing>(
      source,
      scope,
      'SELECT id, name, account_id AS "accountId", status FROM agents.agents WHERE id = $1 AND tenant_id = $2 AND livemode = $3',
      [agentId, scope.tenantId, scope.livemode],
    );
    return row ?? null;
  },
};
