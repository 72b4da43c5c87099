import { Link } from '../app/router';
import { ComingSoon } from './coming.component';

export default function ReportsPage() {
  return (
    <ComingSoon
      title="Reports"
      what="Downloadable statements, settlement and fee reports for any period."
      today={
        <p>
          The <Link to="/">Overview</Link> shows this period’s volume, success rate and fees against the previous one; each account’s page has its
          ledger entries, and <Link to="/treasury">Treasury</Link> has the reconciliation runs.
        </p>
      }
    />
  );
}
