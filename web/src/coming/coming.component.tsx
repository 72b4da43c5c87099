import type { ReactNode } from 'react';
import { PageHeader } from '../ui/page.components';

/**
 * A section whose backend is not built yet. Says so plainly and points at what already
 * exists, instead of a blank screen or invented data.
 */
export function ComingSoon({ title, what, today, children }: { readonly title: string; readonly what: string; readonly today: ReactNode; readonly children?: ReactNode }) {
  return (
    <>
      <PageHeader title={title} subtitle={what} />
      <section className="card coming" data-testid="coming">
        <span className="badge badge--soon">Coming</span>
        <p className="empty__title">{title} are not in Orquesta’s API yet</p>
        <div className="muted">{today}</div>
      </section>
      {children}
    </>
  );
}
