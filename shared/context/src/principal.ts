import type { Actor, Role } from './request-context';

/** Who a credential belongs to, once verified. */
export interface Principal {
  readonly kind: 'api_key' | 'session' | 'agent';
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly role: Role;
  readonly actor: Actor;
  /** The API key, session or agent token id. */
  readonly credentialId: string;
  /** What may be logged of the credential. */
  readonly prefix: string;
  readonly agentAccountId?: string;
  /** When the credential stops working by itself (access token expiry, rotation grace). */
  readonly expiresAtMs?: number;
}

export interface PresentedCredential {
  /** The bearer token or cookie value. */
  readonly token: string;
  /** For sessions, which mode the dashboard is in; keys and agent tokens carry their own. */
  readonly live?: boolean;
  readonly ip?: string;
}

/**
 * What the gateway needs to verify credentials. The accounts subgraph implements it; the
 * platform host hands the implementation to the gateway, which imports no subgraph.
 */
export interface CredentialVerifier {
  /** The principal for a credential valid now; `fresh` skips any cache (revocation checks). */
  authenticate(credential: PresentedCredential, options?: { fresh?: boolean }): Promise<Principal | undefined>;
  /** Forgets every cached verdict (a credential was revoked somewhere). */
  invalidate(): void;
}
