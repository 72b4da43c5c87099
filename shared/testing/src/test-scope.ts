import { randomUUID } from 'node:crypto';
import type { RequestContext, Role } from '@orquesta/context';

export interface TestScope {
  readonly tenantId: string;
  readonly livemode: boolean;
  /** A request context as the gateway would sign it, for calling library code directly. */
  readonly request: RequestContext;
}

/**
 * A tenant id of its own for a library test: no rows anywhere, so it needs no service. The
 * libraries' tables carry tenant ids without referring to the accounts subgraph's tenants.
 */
export function createTestScope(options: { role?: Role; livemode?: boolean } = {}): TestScope {
  const tenantId = randomUUID();
  const livemode = options.livemode ?? false;
  return {
    tenantId,
    livemode,
    request: { tenantId, livemode, actor: { type: 'system', id: 'test', name: 'library test' }, role: options.role ?? 'admin', requestId: randomUUID() },
  };
}
