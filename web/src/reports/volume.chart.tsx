interface Point {
  readonly at: string;
  readonly currency: string;
  readonly count: number;
  readonly volume: { readonly amount: string };
}

const WIDTH = 600;
const HEIGHT = 140;

/**
 * Transfers per hour as bars (counts, not amounts: currencies do not add up). Scales with the
 * container; the amounts stay exact strings in the tooltips.
 */
export function VolumeChart({ points }: { readonly points: readonly Point[] }) {
  const byHour = new Map<string, { count: number; label: string[] }>();
  for (const point of points) {
    const entry = byHour.get(point.at) ?? { count: 0, label: [] };
    entry.count += point.count;
    entry.label.push(`${point.volume.amount} ${point.currency}`);
    byHour.set(point.at, entry);
  }
  const bars = [...byHour.entries()].sort(([a], [b]) => a.localeCompare(b));
  const max = Math.max(1, ...bars.map(([, bar]) => bar.count));
  const width = bars.length === 0 ? 0 : WIDTH / Math.max(bars.length, 24);
  return (
    <section className="card" aria-labelledby="volume-title">
      <h2 className="card__title" id="volume-title">
        Volume
      </h2>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={`Transfers per hour: ${bars.length} hours with activity`} data-testid="volume-chart">
        {bars.map(([at, bar], index) => {
          const height = Math.max(2, (bar.count / max) * (HEIGHT - 10));
          return (
            <rect key={at} x={index * width + 1} y={HEIGHT - height} width={Math.max(1, width - 2)} height={height} fill="currentColor" opacity={0.7}>
              <title>{`${new Date(at).toISOString().slice(11, 16)} UTC: ${bar.count} transfers, ${bar.label.join(', ')}`}</title>
            </rect>
          );
        })}
      </svg>
    </section>
  );
}
