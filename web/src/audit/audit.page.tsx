import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { useSearchParams } from '../app/router';
import { graphql } from '../gql';
import { EmptyState, ErrorState, PageHeader, Pager, Section, Skeleton, Time } from '../ui/page.components';

const AuditLogQuery = graphql(`
  query AuditLog($first: Int!, $after: String, $entityType: String, $entityId: String, $actorId: String) {
    auditLog(first: $first, after: $after, entityType: $entityType, entityId: $entityId, actorId: $actorId) {
      nodes {
        id
        actorType
        actorId
        actorName
        action
        entityType
        entityId
        before
        after
        requestId
        createdAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const AUDIT_PAGE_SIZE = 25;

export default function AuditPage() {
  const [params, update] = useSearchParams();
  const [open, setOpen] = useState<string | null>(null);
  const variables = { first: AUDIT_PAGE_SIZE, after: params.get('after'), entityType: params.get('entityType'), entityId: params.get('entityId'), actorId: params.get('actor') };
  const { data, loading, error, refetch } = useQuery(AuditLogQuery, { variables, fetchPolicy: 'cache-and-network' });
  const entries = data?.auditLog;
  const filtered = variables.entityType !== null || variables.entityId !== null || variables.actorId !== null;

  return (
    <>
      <PageHeader title="Audit log" subtitle="Who changed what, when, with the values before and after." />
      <Section
        title="Entries"
        testId="audit"
        actions={
          <div className="filters">
            {(
              [
                ['entityType', 'Object type', 'account'],
                ['entityId', 'Object id', ''],
                ['actor', 'Actor id', ''],
              ] as const
            ).map(([param, label, placeholder]) => (
              <label key={param} className="field field--inline">
                <span className="field__label">{label}</span>
                <input
                  className="input input--mono"
                  placeholder={placeholder}
                  defaultValue={params.get(param) ?? ''}
                  onBlur={(event) => update({ [param]: event.target.value.trim() })}
                  onKeyDown={(event) => event.key === 'Enter' && update({ [param]: event.currentTarget.value.trim() })}
                />
              </label>
            ))}
          </div>
        }
      >
        {error && <ErrorState error={error} onRetry={refetch} />}
        {entries === undefined ? (
          loading && <Skeleton label="Loading the audit log" />
        ) : entries.nodes.length === 0 ? (
          <EmptyState title={filtered ? 'No entries match these filters' : 'Nothing recorded yet'}>Every change made in the dashboard or through the API is recorded here.</EmptyState>
        ) : (
          <ul className="deliveries">
            {entries.nodes.map((entry) => (
              <li key={entry.id} className="delivery" data-testid="audit-row">
                <button type="button" className="delivery__summary" aria-expanded={open === entry.id} onClick={() => setOpen(open === entry.id ? null : entry.id)}>
                  <code>{entry.action}</code>
                  <span>
                    {entry.entityType} <span className="muted">{entry.entityId.slice(0, 8)}</span>
                  </span>
                  <span className="muted">by {entry.actorName ?? `${entry.actorType} ${entry.actorId.slice(0, 8)}`}</span>
                  <Time iso={entry.createdAt} />
                </button>
                {open === entry.id && (
                  <div className="delivery__body">
                    <h3 className="delivery__heading">Before</h3>
                    <pre className="code-block">{JSON.stringify(entry.before ?? null, null, 2)}</pre>
                    <h3 className="delivery__heading">After</h3>
                    <pre className="code-block">{JSON.stringify(entry.after ?? null, null, 2)}</pre>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <Pager pageInfo={entries?.pageInfo} shown={entries?.nodes.length ?? 0} />
      </Section>
    </>
  );
}
