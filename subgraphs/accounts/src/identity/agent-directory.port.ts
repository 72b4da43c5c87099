import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { TenantScope } from '@orquesta/db';

/** What accounts needs to know about an agent to issue and check its tokens. */
export interface AgentListing {
  readonly id: string;
  readonly name: string;
  readonly accountId: string;
  readonly status: string;
}

/**
 * The agents module owns agents and depends on accounts, so accounts never imports it: agents
 * implements this interface and the platform host hands it in. `source` is the caller's data
 * source or pool (authentication reads on the system role, before any tenant is trusted).
 */
export interface AgentDirectory {
  find(source: DataSource | Pool, scope: TenantScope, agentId: string): Promise<AgentListing | null>;
}
