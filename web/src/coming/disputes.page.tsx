import { Link } from '../app/router';
import { ComingSoon } from './coming.component';

export default function DisputesPage() {
  return (
    <ComingSoon
      title="Disputes"
      what="Chargebacks and claims against your payments, with the evidence and deadlines."
      today={
        <p>
          Payouts that failed or need a decision are under <Link to="/payouts?status=FAILED">Payouts</Link>; a manual step there can refund the sender.
        </p>
      }
    />
  );
}
