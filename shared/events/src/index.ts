export { QUEUE_NAMES, DEFAULT_JOB_OPTIONS, SCHEDULER_REFRESH_MS, createQueue, keepJobSchedulers, type KeptScheduler, type QueueName, type QueueConnection } from './queue-names';
export { formatEventId, parseEventId, compareEventPositions, ORIGIN, type EventPosition } from './event-cursor';
export { recordEvent, eventsInsert, shiftPlaceholders, eventFromRow, positionOf, type OutboxEvent, type NewEvent, type AlongsideStatement, type EventRow } from './outbox';
export { readEvents, latestEventPosition, EVENT_RETENTION_DAYS, type EventFilter } from './event-reader';
export { createRelay, subscribeToTenant, subscribeWhenReady, tenantChannel, credentialsChannel, CREDENTIAL_EVENT_TYPES, type Relay, type RelayConsumer, type RelayOptions } from './relay';

import { CreateOutbox1732300000000 } from './migrations/1732300000000-create-outbox';
import { RelayPolls1732300000008 } from './migrations/1732300000008-relay-polls';
import { IndexEventsByAge1732300000100 } from './migrations/1732300000100-index-events-by-age';
import { WriterHorizon1732300000300 } from './migrations/1732300000300-writer-horizon';
import { HorizonBeforeRead1732300000400 } from './migrations/1732300000400-horizon-before-read';
import { EventsByPublicId1732300000500 } from './migrations/1732300000500-events-by-public-id';

/** The outbox lives in its own schema, written by every subgraph in its own transactions. */
export const EVENTS_SCHEMA = 'events';
export const eventsMigrations = [CreateOutbox1732300000000, RelayPolls1732300000008, IndexEventsByAge1732300000100, WriterHorizon1732300000300, HorizonBeforeRead1732300000400, EventsByPublicId1732300000500];
export { EVENT_CATALOGUE, EVENT_TYPES, eventTypeMatches, expandEventTypes, type EventTypeDefinition } from './event-catalogue';
export { readEventsById, deleteExpiredEvents, eventSubject } from './event-lookup';
