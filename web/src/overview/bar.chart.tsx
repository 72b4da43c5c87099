export interface Bar {
  readonly label: string;
  /** Only for drawing: the exact figure is in `title`. */
  readonly value: number;
  readonly title: string;
}

const HEIGHT = 120;

/** A small SVG bar chart, with the figures as a list for screen readers. */
export function BarChart({ bars, label, max, unit = '' }: { readonly bars: readonly Bar[]; readonly label: string; readonly max?: number; readonly unit?: string }) {
  const top = max ?? Math.max(1, ...bars.map((bar) => bar.value));
  const width = 100 / Math.max(1, bars.length);
  const empty = bars.every((bar) => bar.value === 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" className="chart__svg" role="img" aria-label={`${label}${empty ? ': nothing yet' : ''}`}>
        {bars.map((bar, index) => {
          const height = (bar.value / top) * (HEIGHT - 4);
          return (
            <rect key={index} x={index * width + width * 0.15} width={width * 0.7} y={HEIGHT - Math.max(height, 1)} height={Math.max(height, 1)} className={bar.value === 0 ? 'chart__bar chart__bar--zero' : 'chart__bar'}>
              <title>{bar.title}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="chart__axis">
        <span>{bars[0]?.label}</span>
        <span>{empty ? 'Nothing yet in this period' : `max ${Math.round(top)}${unit}`}</span>
        <span>{bars[bars.length - 1]?.label}</span>
      </figcaption>
    </figure>
  );
}
