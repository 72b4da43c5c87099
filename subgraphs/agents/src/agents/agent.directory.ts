import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { AgentDirectory, AgentListing } from '@orquesta/accounts';
import { agentPermissionsFromDocument, encodeAgentPermissions } from '@orquesta/context';
import { readForTenant, type TenantScope } from '@orquesta/db';

/** Accounts' view of agents (its `AgentDirectory`): who an agent is, for issuing and checking its tokens. */
export const agentDirectory: AgentDirectory = {
  async find(source: DataSource | Pool, scope: TenantScope, agentId: string): Promise<AgentListing | null> {
    const [row] = await readForTenant<Omit<AgentListing, 'permissions'> & { permissions: unknown }>(
      source,
      scope,
      'SELECT id, name, account_id AS "accountId", status, permissions FROM agents.agents WHERE id = $1 AND tenant_id = $2 AND livemode = $3',
      [agentId, scope.tenantId, scope.livemode],
    );
    return row ? { ...row, permissions: encodeAgentPermissions(agentPermissionsFromDocument(row.permissions)) } : null;
  },
};
