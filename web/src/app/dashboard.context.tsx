import { createContext, useContext } from 'react';
import type { MemberRole } from '../gql/graphql';
import type { DashboardMode } from '../graphql/apollo.client';

/** What every signed-in page may need about who is looking, in which mode. */
export interface DashboardContextValue {
  readonly mode: DashboardMode;
  readonly role: MemberRole | undefined;
  readonly canMoveMoney: boolean;
  readonly canManage: boolean;
  /** The gateway refused the session even after a refresh: back to the sign-in page. */
  readonly onSessionRefused: () => void;
}

export const DashboardContext = createContext<DashboardContextValue>({
  mode: 'test',
  role: undefined,
  canMoveMoney: false,
  canManage: false,
  onSessionRefused: () => undefined,
});

export function useDashboard(): DashboardContextValue {
  return useContext(DashboardContext);
}
