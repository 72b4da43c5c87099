import { Link } from '../app/router';
import { ComingSoon } from './coming.component';

export default function SchedulesPage() {
  return (
    <ComingSoon
      title="Schedules"
      what="Recurring transfers and payouts that run on a calendar."
      today={
        <p>
          Each transfer is made once today, from <Link to="/accounts">Accounts</Link> or the API; agents can be given budgets on <Link to="/agents">Agents</Link>.
        </p>
      }
    />
  );
}
