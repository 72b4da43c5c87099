import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** What every page gets from the route: its path parameters (`:id`). */
export interface PageProps {
  readonly params: Record<string, string>;
}

export interface RouteDefinition {
  readonly path: string;
  readonly title: string;
  readonly page: LazyExoticComponent<ComponentType<PageProps>>;
}

// One chunk per page (route-level code splitting): the first load carries the shell and the
// page it opens on, nothing else.
const page = (load: () => Promise<{ default: ComponentType<PageProps> }>) => lazy(load);

export const ROUTES: readonly RouteDefinition[] = [
  { path: '/', title: 'Overview', page: page(() => import('../overview/overview.page')) },
  { path: '/accounts', title: 'Accounts', page: page(() => import('../accounts/accounts.page')) },
  { path: '/accounts/:id', title: 'Account', page: page(() => import('../accounts/account-detail.page')) },
  { path: '/transfers', title: 'Transfers', page: page(() => import('../transfers/transfers.page')) },
  { path: '/transfers/:id', title: 'Transfer', page: page(() => import('../transfers/transfer-detail.page')) },
  { path: '/payouts', title: 'Payouts', page: page(() => import('../payouts/payouts.page')) },
  { path: '/payouts/:id', title: 'Payout', page: page(() => import('../transfers/transfer-detail.page')) },
  { path: '/agents', title: 'Agents', page: page(() => import('../agents/agents.route')) },
  { path: '/agents/:id', title: 'Agent', page: page(() => import('../agents/agent.route')) },
  { path: '/streams', title: 'Streams', page: page(() => import('../coming/streams.page')) },
  { path: '/payment-requests', title: 'Payment requests', page: page(() => import('../coming/payment-requests.page')) },
  { path: '/disputes', title: 'Disputes', page: page(() => import('../coming/disputes.page')) },
  { path: '/schedules', title: 'Schedules', page: page(() => import('../coming/schedules.page')) },
  { path: '/reports', title: 'Reports', page: page(() => import('../reports/reports.route')) },
  { path: '/treasury', title: 'Treasury', page: page(() => import('../treasury/treasury.page')) },
  { path: '/developers/api-keys', title: 'API keys', page: page(() => import('../developers/api-keys.page')) },
  { path: '/developers/webhooks', title: 'Webhooks', page: page(() => import('../developers/webhooks.page')) },
  { path: '/developers/events', title: 'Events', page: page(() => import('../developers/events.page')) },
  { path: '/team', title: 'Team', page: page(() => import('../team/team.page')) },
  { path: '/settings', title: 'Settings', page: page(() => import('../settings/settings.page')) },
  { path: '/audit', title: 'Audit log', page: page(() => import('../audit/audit.page')) },
];

export interface NavGroup {
  readonly label: string;
  readonly links: ReadonlyArray<{ readonly to: string; readonly label: string }>;
}

export const NAVIGATION: readonly NavGroup[] = [
  { label: 'Home', links: [{ to: '/', label: 'Overview' }] },
  {
    label: 'Payments',
    links: [
      { to: '/accounts', label: 'Accounts' },
      { to: '/transfers', label: 'Transfers' },
      { to: '/payouts', label: 'Payouts' },
      { to: '/streams', label: 'Streams' },
      { to: '/payment-requests', label: 'Payment requests' },
      { to: '/disputes', label: 'Disputes' },
      { to: '/schedules', label: 'Schedules' },
    ],
  },
  { label: 'Agents', links: [{ to: '/agents', label: 'Agents' }] },
  {
    label: 'Finance',
    links: [
      { to: '/treasury', label: 'Treasury' },
      { to: '/reports', label: 'Reports' },
    ],
  },
  {
    label: 'Developers',
    links: [
      { to: '/developers/api-keys', label: 'API keys' },
      { to: '/developers/webhooks', label: 'Webhooks' },
      { to: '/developers/events', label: 'Events' },
    ],
  },
  {
    label: 'Workspace',
    links: [
      { to: '/team', label: 'Team' },
      { to: '/settings', label: 'Settings' },
      { to: '/audit', label: 'Audit log' },
    ],
  },
];
