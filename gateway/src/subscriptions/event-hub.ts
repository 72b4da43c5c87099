import type { Redis } from 'ioredis';
import { credentialsChannel, subscribeWhenReady, tenantChannel, type OutboxEvent } from '@orquesta/events';

export interface HubListener {
  onEvent(event: OutboxEvent): void;
  /** Redis came back after a gap: events may have been missed, read them from the outbox. */
  onResync(): void;
}

/**
 * One Redis subscriber connection per gateway replica, subscribed only to the tenants its own
 * clients hold, fanning events out to the local listeners.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<HubListener>>();
  private disconnected = false;

  constructor(
    private readonly subscriber: Redis,
    /** The deployment's Redis namespace: its channels are the only ones this hub hears. */
    private readonly namespace: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    subscriber.on('close', () => {
      this.disconnected = true;
    });
    subscriber.on('ready', () => {
      if (!this.disconnected) return;
      this.disconnected = false;
      // ioredis resubscribes on reconnect; what was published meanwhile is read back.
      for (const set of this.listeners.values()) for (const listener of set) listener.onResync();
    });
  }

  subscribe(tenantId: string, listener: HubListener): Promise<() => void> {
    return this.subscribeChannel(tenantChannel(this.namespace, tenantId), listener);
  }

  /** Revocations and agent status changes of every tenant (see CREDENTIAL_EVENT_TYPES). */
  subscribeCredentials(listener: HubListener): Promise<() => void> {
    return this.subscribeChannel(credentialsChannel(this.namespace), listener);
  }

  private async subscribeChannel(channel: string, listener: HubListener): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await subscribeWhenReady(this.subscriber, channel);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  get channelCount(): number {
    return this.listeners.size;
  }

  private dispatch(channel: string, message: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let event: OutboxEvent;
    try {
      event = JSON.parse(message) as OutboxEvent;
    } catch {
      return;
    }
    for (const listener of set) listener.onEvent(event);
  }
}
