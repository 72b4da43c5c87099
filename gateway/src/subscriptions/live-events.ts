import { GraphQLError } from 'graphql';
import type { TenantScope } from '@orquesta/db';
import { compareEventPositions, positionOf, type EventFilter, type EventPosition, type OutboxEvent } from '@orquesta/events';
import type { EventHub } from './event-hub';
import { PushQueue } from './push-queue';

export interface EventSource {
  read(scope: TenantScope, filter: EventFilter): Promise<OutboxEvent[]>;
  /** The newest settled position of a tenant: where a subscription without `after` starts. */
  latest(scope: TenantScope): Promise<EventPosition>;
}

export interface LiveEventsOptions {
  readonly hub: EventHub;
  readonly source: EventSource;
  readonly scope: TenantScope;
  readonly entityId?: string;
  readonly types?: readonly string[];
  readonly after?: EventPosition;
}

const REPLAY_PAGE = 200;
// A client this far behind is told to resume from its cursor rather than hold memory.
const BACKLOG_MAX = 1_000;

/**
 * The events of one subscription: replayed from the outbox after a cursor, then live from Redis,
 * with no gap and no duplicate. Live events are buffered while replaying; anything at or before
 * the cursor is dropped; a Redis reconnect replays from the cursor again.
 */
export async function liveEvents(options: LiveEventsOptions): Promise<AsyncIterableIterator<OutboxEvent>> {
  const { hub, source, scope } = options;
  let cursor: EventPosition = options.after ?? (await source.latest(scope));
  // Until the first replay is done, live events wait in `buffered`.
  let replaying = true;
  let running = false;
  let replayAgain = false;
  let buffered: OutboxEvent[] = [];

  const matches = (event: OutboxEvent) =>
    event.livemode === scope.livemode &&
    (options.entityId === undefined || event.entityId === options.entityId) &&
    (options.types === undefined || options.types.length === 0 || options.types.includes(event.type));

  let unsubscribe = () => {};
  const queue = new PushQueue<OutboxEvent>(() => unsubscribe());

  function deliver(event: OutboxEvent): void {
    const position = positionOf(event);
    if (compareEventPositions(position, cursor) <= 0) return;
    cursor = position;
    queue.push(event);
    if (queue.length > BACKLOG_MAX) {
      queue.fail(new GraphQLError('Subscriber is too far behind; resubscribe with `after` set to the last event id received', {
        extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
      }));
    }
  }

  async function replay(): Promise<void> {
    if (running) {
      replayAgain = true;
      return;
    }
    running = true;
    replaying = true;
    try {
      do {
        replayAgain = false;
        for (;;) {
          const page = await source.read(scope, { after: cursor, entityId: options.entityId, types: options.types, limit: REPLAY_PAGE });
          for (const event of page) deliver(event);
          if (page.length < REPLAY_PAGE) break;
        }
      } while (replayAgain);
      const pending = buffered;
      buffered = [];
      for (const event of pending) deliver(event);
    } catch (error) {
      queue.fail(error);
    } finally {
      replaying = false;
      running = false;
    }
  }

  unsubscribe = await hub.subscribe(scope.tenantId, {
    onEvent(event) {
      if (!matches(event)) return;
      if (replaying) {
        buffered.push(event);
        if (buffered.length > BACKLOG_MAX) {
          buffered = [];
          replayAgain = true;
        }
      } else {
        deliver(event);
      }
    },
    onResync() {
      void replay();
    },
  });
  void replay();
  return queue;
}
