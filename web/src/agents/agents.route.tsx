import { navigate } from '../app/router';
import { AgentsPage } from './agents.page';

/** `/agents`: the agents list; a row opens the agent's page. */
export default function AgentsRoute() {
  return <AgentsPage onOpen={(agentId) => navigate(`/agents/${agentId}`)} />;
}
