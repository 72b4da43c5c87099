export { AGENTS_SCHEMA, agentsEntities, agentsMigrations, createAgentsDataSource, buildAgentsSchema, defineAgentsSubgraph, seedDemoAgents } from './agents-subgraph';
export { agentDirectory } from './agents/agent.directory';
