import { Link } from '../app/router';
import { ComingSoon } from './coming.component';

export default function PaymentRequestsPage() {
  return (
    <ComingSoon
      title="Payment requests"
      what="Ask a customer or an agent to pay you, and follow each request until it is paid."
      today={
        <p>
          Today you can move money between your own accounts from <Link to="/accounts">Accounts</Link> and send money out from{' '}
          <Link to="/payouts">Payouts</Link>.
        </p>
      }
    />
  );
}
