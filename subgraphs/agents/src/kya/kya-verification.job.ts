import { Queue, Worker, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { eventSubject, QUEUE_NAMES, DEFAULT_JOB_OPTIONS, type OutboxEvent, type QueueConnection, type RelayConsumer } from '@orquesta/events';
import { createAgentService } from '../agents/agent.service';

/**
 * The simulated KYA verifier. A submission commits `agent.kya_updated` (PENDING) in the
 * outbox; the relay hands that event to this queue, which waits the verifier's latency (a
 * delayed job) and decides: an attestation whose value is `reject` rejects, anything else
 * verifies at the requested tier. The job carries the event id only and re-reads the agent;
 * a submission already decided is left alone, so a repeated job changes nothing.
 */
export interface KyaVerification {
  readonly consumer: RelayConsumer;
  stop(): Promise<void>;
}

function startsVerification(event: OutboxEvent): boolean {
  return event.type === 'agent.kya_updated' && event.payload.kyaStatus === 'pending';
}

export async function startKyaVerification(options: {
  /** The workers' Redis connection and the deployment's key prefix. */
  readonly queues: QueueConnection;
  readonly systemPool: Pool;
  readonly dataSource: DataSource;
  /** How long the simulated verifier takes (ORQUESTA_KYA_LATENCY_MS; 3 s by default). */
  readonly latencyMs?: number;
}): Promise<KyaVerification> {
  const queue = new Queue(QUEUE_NAMES.kyaVerification, {
    ...options.queues,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, delay: options.latencyMs ?? 3_000, removeOnComplete: true },
  });
  queue.on('error', () => undefined);
  const agents = createAgentService({ dataSource: options.dataSource });
  const worker = new Worker<{ eventId: string }>(
    QUEUE_NAMES.kyaVerification,
    async (job: Job<{ eventId: string }>) => {
      const subject = await eventSubject(options.systemPool, job.data.eventId);
      if (!subject) return false;
      const decided = await agents.completeKya(subject.scope, subject.entityId);
      if (!decided.ok) throw new Error(`kya verification: ${decided.error.code}`);
      return decided.value?.kyaStatus ?? 'unchanged';
    },
    { ...options.queues, concurrency: 4 },
  );
  worker.on('error', () => undefined);
  return {
    consumer: { queue, accepts: startsVerification },
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}
