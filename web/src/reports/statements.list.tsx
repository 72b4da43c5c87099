import { useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { describeError } from '../graphql/graphql-error.messages';

export const StatementAccountsQuery = graphql(`
  query StatementAccounts {
    accounts(first: 50) { nodes { id name balances { currency } } }
  }
`);

export const StatementPdfQuery = graphql(`
  query StatementPdf($accountId: ID!, $month: String!, $currency: String!) {
    statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName base64 }
  }
`);

/** The current month and the five before it, newest first (YYYY-MM, UTC). */
function recentMonths(): string[] {
  const now = new Date();
  return Array.from({ length: 6 }, (_, back) => {
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Monthly statements per account and currency, downloaded as PDF. */
export function StatementsList() {
  const client = useApolloClient();
  const { data } = useQuery(StatementAccountsQuery);
  const [error, setError] = useState<string | null>(null);
  const rows = (data?.accounts.nodes ?? []).flatMap((account) => account.balances.map((balance) => ({ account, currency: balance.currency })));

  async function download(accountId: string, month: string, currency: string) {
    setError(null);
    try {
      const result = await client.query({ query: StatementPdfQuery, variables: { accountId, month, currency }, fetchPolicy: 'network-only' });
      const bytes = Uint8Array.from(atob(result.data.statementPdf.base64), (char) => char.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = result.data.statementPdf.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setError(describeError(failure as Error));
    }
  }

  return (
    <section className="card" aria-labelledby="statements-title" data-testid="statements">
      <h2 className="card__title" id="statements-title">
        Statements
      </h2>
      {error ? <p className="alert alert--error">{error}</p> : null}
      {rows.length === 0 ? <p className="empty">No account has held money yet.</p> : null}
      <table className="table">
        <tbody>
          {rows.map(({ account, currency }) => (
            <tr key={`${account.id}-${currency}`} className="row">
              <td className="cell-name">
                {account.name} · {currency}
              </td>
              <td>
                <div className="chips">
                  {recentMonths().map((month) => (
                    <button key={month} type="button" className="button button--small button--ghost" onClick={() => void download(account.id, month, currency)}>
                      {month} PDF
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
