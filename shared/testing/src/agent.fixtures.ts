import { queryOk } from './graphql.client';

export interface TestAgent {
  readonly agentId: string;
  /** An `agent_…` token for it. */
  readonly token: string;
}

/**
 * An agent for `accountId`, verified at `tier` by the platform's simulated KYA verifier (run
 * the platform with a short ORQUESTA_KYA_LATENCY_MS), with a token. An unverified agent
 * moves nothing, so tests that move money as an agent start here.
 */
export async function createVerifiedAgentVia(url: string, apiKey: string, accountId: string, options: { tier?: number; name?: string; timeoutMs?: number } = {}): Promise<TestAgent> {
  const created = await queryOk(url, apiKey, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', {
    input: { accountId, name: options.name ?? 'Test agent' },
  });
  const agentId: string = created.createAgent.agent.id;
  await queryOk(url, apiKey, 'mutation($input: SubmitKyaVerificationInput!) { submitKyaVerification(input: $input) { agent { id kyaStatus } } }', {
    input: { agentId, tier: options.tier ?? 1, attestations: [{ type: 'operator_identity', value: 'test-operator' }] },
  });
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const { agent } = await queryOk(url, apiKey, 'query($id: ID!) { agent(id: $id) { kyaStatus } }', { id: agentId });
    if (agent.kyaStatus === 'VERIFIED') break;
    if (agent.kyaStatus === 'REJECTED' || Date.now() > deadline) throw new Error(`agent ${agentId} is ${agent.kyaStatus}, not VERIFIED`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const issued = await queryOk(url, apiKey, 'mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) { token } }', { input: { agentId } });
  return { agentId, token: issued.createAgentToken.token };
}
