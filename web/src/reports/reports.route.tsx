import { ReportsPage } from './reports.page';

/** `/reports`: totals against the previous period, volume, corridors, exports and statements. */
export default function ReportsRoute() {
  return <ReportsPage />;
}
