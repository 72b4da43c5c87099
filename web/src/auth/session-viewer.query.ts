import { graphql } from '../gql';
import type { MemberRole } from '../gql/graphql';

// Who the session acts as, in the mode the client was built for. For a dashboard session the
// gateway names the user by email (`actorName`).
export const SessionViewerQuery = graphql(`
  query SessionViewer {
    viewer {
      tenantId
      livemode
      role
      actorType
      actorId
      actorName
    }
  }
`);

export const ROLE_LABELS: Record<MemberRole, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MEMBER: 'Member',
  VIEWER: 'Viewer',
};

/**
 * Whether to offer forms that create accounts or move money (`money:move` in the role matrix).
 * Only a convenience: the subgraphs check the role on every mutation.
 */
export function canMoveMoney(role: MemberRole | undefined): boolean {
  return role === 'OWNER' || role === 'ADMIN' || role === 'MEMBER';
}
