import { queryOk } from './graphql.client';

/** Creates an account through the public graph and returns its id. */
export async function createAccountVia(url: string, apiKey: string, name: string, type: 'PERSON' | 'BUSINESS' = 'BUSINESS'): Promise<string> {
  const data = await queryOk(url, apiKey, 'mutation($name: String!, $type: AccountType!) { createAccount(input: { type: $type, name: $name }) { account { id } } }', {
    name,
    type,
  });
  return data.createAccount.account.id;
}

/** Renames an account through the public graph (an `account.updated` event). */
export async function renameAccountVia(url: string, apiKey: string, id: string, name: string): Promise<void> {
  await queryOk(url, apiKey, 'mutation($id: ID!, $name: String!) { updateAccount(input: { id: $id, name: $name }) { account { id } } }', { id, name });
}

/** Credits an account in test mode through the public graph (simulateDeposit). */
export async function depositVia(url: string, apiKey: string, accountId: string, amount: string, currency = 'USD'): Promise<void> {
  await queryOk(
    url,
    apiKey,
    'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { available } } }',
    { input: { accountId, amount: { amount, currency }, idempotencyKey: `deposit-${accountId}-${amount}-${currency}-${Math.random()}` } },
  );
}
