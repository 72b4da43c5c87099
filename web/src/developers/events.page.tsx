import { useState } from 'react';
import { useApolloClient, useQuery, useSubscription } from '@apollo/client';
import { useSearchParams } from '../app/router';
import { graphql } from '../gql';
import { EmptyState, ErrorState, PageHeader, Pager, Section, Skeleton, Time } from '../ui/page.components';

const EventsQuery = graphql(`
  query EventsBrowser($first: Int!, $after: ID, $types: [String!], $entityId: ID) {
    events(first: $first, after: $after, types: $types, entityId: $entityId) {
      nodes {
        id
        type
        createdAt
        entityType
        entityId
        payload
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const EventsLive = graphql(`
  subscription EventsLive($types: [String!], $after: ID) {
    paymentEvents(types: $types, after: $after) {
      id
      type
      createdAt
      entityType
      entityId
      payload
    }
  }
`);

const EVENTS_PAGE_SIZE = 25;

export default function EventsPage() {
  const client = useApolloClient();
  const [params, update] = useSearchParams();
  const type = params.get('type');
  const entityId = params.get('entity');
  const after = params.get('after');
  const variables = { first: EVENTS_PAGE_SIZE, after, types: type ? [type] : null, entityId };
  const { data, loading, error, refetch } = useQuery(EventsQuery, { variables, fetchPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<string | null>(null);
  // New events go on top of the first page as they happen.
  useSubscription(EventsLive, {
    variables: { types: type ? [type] : null },
    skip: after !== null || entityId !== null,
    onData: ({ data: pushed }) => {
      const event = pushed.data?.paymentEvents;
      if (!event) return;
      client.cache.updateQuery({ query: EventsQuery, variables }, (current) =>
        !current || current.events.nodes.some((node) => node.id === event.id)
          ? current
          : { ...current, events: { ...current.events, nodes: [event, ...current.events.nodes].slice(0, EVENTS_PAGE_SIZE) } },
      );
    },
  });
  const events = data?.events;

  return (
    <>
      <PageHeader title="Events" subtitle="Everything that happened in your workspace, as the API and webhooks describe it. New events appear as they happen." />
      <Section
        title="Events"
        testId="events"
        actions={
          <div className="filters">
            <label className="field field--inline">
              <span className="field__label">Type</span>
              <input className="input input--mono" placeholder="transfer.*" defaultValue={type ?? ''} onBlur={(event) => update({ type: event.target.value.trim() })} onKeyDown={(event) => event.key === 'Enter' && update({ type: event.currentTarget.value.trim() })} />
            </label>
            <label className="field field--inline">
              <span className="field__label">Object id</span>
              <input className="input input--mono" defaultValue={entityId ?? ''} onBlur={(event) => update({ entity: event.target.value.trim() })} onKeyDown={(event) => event.key === 'Enter' && update({ entity: event.currentTarget.value.trim() })} />
            </label>
          </div>
        }
      >
        {error && <ErrorState error={error} onRetry={refetch} />}
        {events === undefined ? (
          loading && <Skeleton label="Loading events" />
        ) : events.nodes.length === 0 ? (
          <EmptyState title={type || entityId ? 'No events match' : 'No events yet'}>Create an account or move money: each change is recorded here as an event.</EmptyState>
        ) : (
          <ul className="deliveries">
            {events.nodes.map((event) => (
              <li key={event.id} className="delivery" data-testid="event-row">
                <button type="button" className="delivery__summary" aria-expanded={open === event.id} onClick={() => setOpen(open === event.id ? null : event.id)}>
                  <code>{event.type}</code>
                  <span className="muted">
                    {event.entityType} {event.entityId.slice(0, 8)}
                  </span>
                  <Time iso={event.createdAt} />
                </button>
                {open === event.id && <pre className="code-block">{JSON.stringify(event.payload, null, 2)}</pre>}
              </li>
            ))}
          </ul>
        )}
        <Pager pageInfo={events?.pageInfo} shown={events?.nodes.length ?? 0} />
      </Section>
    </>
  );
}
