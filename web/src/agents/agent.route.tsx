import { useQuery } from '@apollo/client';
import type { PageProps } from '../app/routes';
import { navigate } from '../app/router';
import { SessionViewerQuery } from '../auth/session-viewer.query';
import type { MemberRole } from '../gql/graphql';
import { AgentPage } from './agent.page';

/** Owners and admins manage agents (`agents:manage`); the subgraphs check it on every mutation. */
function canManageAgents(role: MemberRole | undefined): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

/** `/agents/:id`: one agent's KYA, limits, permissions, tokens, approvals and live activity. */
export default function AgentRoute({ params }: PageProps) {
  const { data } = useQuery(SessionViewerQuery);
  const agentId = params.id ?? '';
  return <AgentPage key={agentId} agentId={agentId} canManage={canManageAgents(data?.viewer.role)} onBack={() => navigate('/agents')} />;
}
