import { Worker } from 'bullmq';
import type { Pool } from 'pg';
import { createQueue, keepJobSchedulers, QUEUE_NAMES, type QueueConnection } from '@orquesta/events';

// Each tick moves a rate by at most ±0.15%, and never more than ±8% from where it was seeded:
// a bounded random walk, which is how a quiet market looks minute to minute.
const STEP_BPS_MAX = 15;
const DRIFT_BPS_MAX = 800;
const RATE_FEED_QUEUE = QUEUE_NAMES.rateFeed;

/** One tick of the simulated feed: a new row per USD pair. Returns how many rates it wrote. */
export async function tickRateFeed(systemPool: Pool, random: () => number = Math.random): Promise<number> {
  const { rows } = await systemPool.query<{ quote: string }>("SELECT DISTINCT quote FROM treasury.fx_rates WHERE base = 'USD' ORDER BY quote");
  const quotes = rows.map((row) => row.quote).filter((quote) => quote !== 'USDC');
  // The step is drawn in whole basis points: an integer, turned into an exact decimal in SQL.
  const steps = quotes.map(() => Math.round((random() * 2 - 1) * STEP_BPS_MAX));
  const result = await systemPool.query(
    `INSERT INTO treasury.fx_rates (base, quote, rate, source)
     SELECT 'USD', s.quote,
            round(least(greatest(latest.rate * (10000 + s.step_bps) / 10000, seed.rate * (10000 - $3) / 10000), seed.rate * (10000 + $3) / 10000), 6),
            'simulated-feed'
       FROM unnest($1::text[], $2::int[]) AS s (quote, step_bps)
       CROSS JOIN LATERAL (SELECT rate FROM treasury.fx_rates WHERE base = 'USD' AND quote = s.quote ORDER BY as_of DESC, id DESC LIMIT 1) latest
       CROSS JOIN LATERAL (SELECT rate FROM treasury.fx_rates WHERE base = 'USD' AND quote = s.quote ORDER BY as_of, id LIMIT 1) seed`,
    [quotes, steps, DRIFT_BPS_MAX],
  );
  return result.rowCount ?? 0;
}

/** ORQUESTA_RATE_FEED_INTERVAL_MS: how often the feed ticks (default one minute; 0 turns it off). */
export function rateFeedIntervalMs(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.ORQUESTA_RATE_FEED_INTERVAL_MS ?? 60_000);
  return Number.isFinite(configured) && configured >= 0 ? configured : 60_000;
}

/** A repeatable BullMQ job: one tick per interval across all replicas. */
export async function startRateFeedWorker(queues: QueueConnection, systemPool: Pool, intervalMs: number): Promise<{ stop(): Promise<void> }> {
  const queue = createQueue(RATE_FEED_QUEUE, queues);
  const schedulers = intervalMs > 0
    ? await keepJobSchedulers(queue, [{ id: 'rate-feed-tick', repeat: { every: intervalMs }, template: { name: 'rate-feed-tick', opts: { removeOnComplete: true, removeOnFail: 100 } } }])
    : undefined;
  if (!schedulers) await queue.removeJobScheduler('rate-feed-tick');
  const worker = new Worker(RATE_FEED_QUEUE, () => tickRateFeed(systemPool), { ...queues, concurrency: 1 });
  worker.on('error', () => undefined);
  return {
    async stop() {
      schedulers?.stop();
      await worker.close();
      await queue.close();
    },
  };
}

