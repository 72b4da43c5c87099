export { AGENTS_SCHEMA, agentsEntities, agentsMigrations, createAgentsDataSource, buildAgentsSchema, defineAgentsSubgraph, seedDemoAgents } from './agents-subgraph';
export { agentDirectory } from './agents/agent.directory';
// For the money path (payments, streams): the agents module's own tables stay behind these.
export { prepareAgentSpend, reserveAgentUsage, releaseAgentUsage, reserveAgentStream, releaseAgentStream, type AgentSpend, type AgentSpendPlan, type LimitCheck } from './limits/agent-usage';
export { recordAgentActivity, recordAgentRefusal, activityStatements, ACTIVITY_EVENT, type AgentAction, type ActivityOutcome } from './activity/agent-activity.record';
export { decideApproval, dueApprovals, type ApprovalRow } from './approvals/approval.record';
export type { ApprovalDecision, ApprovalState } from './approvals/approval.lifecycle';
export { startKyaVerification, type KyaVerification } from './kya/kya-verification.job';
