import { useSyncExternalStore } from 'react';
import { useQuery } from '@apollo/client';
import { useDashboard } from '../app/dashboard.context';
import { Link } from '../app/router';
import { theme, type ThemePreference } from '../app/theme.store';
import { ROLE_LABELS } from '../auth/session-viewer.query';
import { companyNameOf } from '../auth/company-name.store';
import { graphql } from '../gql';
import { PageHeader, Section, Skeleton } from '../ui/page.components';

const SettingsQuery = graphql(`
  query Settings {
    viewer {
      tenantId
      actorName
      role
      livemode
    }
    currencies {
      code
      name
      scale
    }
  }
`);

const THEMES: ReadonlyArray<readonly [ThemePreference, string]> = [
  ['system', 'Follow the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export default function SettingsPage() {
  const { mode } = useDashboard();
  const { data } = useQuery(SettingsQuery);
  const preference = useSyncExternalStore(theme.subscribe, theme.preference);
  return (
    <>
      <PageHeader title="Settings" subtitle="Your workspace and how this dashboard looks." />
      <Section title="Workspace">
        {!data ? (
          <Skeleton label="Loading settings" rows={2} />
        ) : (
          <dl className="facts facts--padded">
            <dt>Company</dt>
            <dd>{companyNameOf(data.viewer.tenantId) ?? <span className="muted">Not known in this browser (the API does not expose it yet)</span>}</dd>
            <dt>Workspace id</dt>
            <dd>
              <code>{data.viewer.tenantId}</code>
            </dd>
            <dt>Signed in as</dt>
            <dd>
              {data.viewer.actorName} · {ROLE_LABELS[data.viewer.role]}
            </dd>
            <dt>Mode</dt>
            <dd>{mode === 'test' ? 'Test (simulated money)' : 'Live'}</dd>
            <dt>Currencies</dt>
            <dd>{data.currencies.map((currency) => `${currency.code} (${currency.name})`).join(', ')}</dd>
          </dl>
        )}
      </Section>
      <Section title="Appearance">
        <fieldset className="radio-group">
          <legend className="field__label">Theme</legend>
          {THEMES.map(([value, label]) => (
            <label key={value} className="radio">
              <input type="radio" name="theme" value={value} checked={preference === value} onChange={() => theme.set(value)} />
              {label}
            </label>
          ))}
        </fieldset>
      </Section>
      <Section title="More">
        <p className="facts--padded">
          Members and roles are on <Link to="/team">Team</Link>; keys and webhooks under <Link to="/developers/api-keys">Developers</Link>; every change anyone made is in the{' '}
          <Link to="/audit">Audit log</Link>.
        </p>
      </Section>
    </>
  );
}
