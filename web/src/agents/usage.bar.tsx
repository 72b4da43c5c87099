interface Amount {
  readonly amount: string;
  readonly currency: string;
}

// Percent of a limit for a bar's width; exact decimal strings compared as scaled integers.
function percentOf(used: string, limit: string): number {
  const [usedWhole, usedFraction = ''] = used.split('.');
  const [limitWhole, limitFraction = ''] = limit.split('.');
  const digits = Math.max(usedFraction.length, limitFraction.length);
  const usedMinor = BigInt(usedWhole + usedFraction.padEnd(digits, '0'));
  const limitMinor = BigInt(limitWhole + limitFraction.padEnd(digits, '0'));
  if (limitMinor === 0n) return usedMinor === 0n ? 0 : 100;
  const percent = (usedMinor * 100n) / limitMinor;
  return percent > 100n ? 100 : Number(percent);
}

/** Used against a limit: a bar and the two figures; no limit reads "no limit". */
export function UsageBar({ used, limit, label }: { readonly used: Amount; readonly limit: Amount | null; readonly label: string }) {
  const percent = limit ? percentOf(used.amount, limit.amount) : 0;
  const tone = percent >= 100 ? 'bad' : percent >= 80 ? 'warn' : 'good';
  return (
    <div className="usage" data-testid={`usage-${label}`} data-percent={percent}>
      <div className="usage__bar" role="meter" aria-label={`Used ${label}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span className={`usage__fill usage__fill--${tone}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="usage__figures">
        {used.amount} {limit ? `of ${limit.amount}` : '(no limit)'} {used.currency}
      </span>
    </div>
  );
}
