/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateAccount($input: CreateAccountInput!) {\n    createAccount(input: $input) {\n      account {\n        id\n        name\n        ...AccountRowFields\n      }\n    }\n  }\n": typeof types.CreateAccountDocument,
    "\n  fragment AccountRowFields on Account {\n    id\n    name\n    type\n    email\n    verificationTier\n    verificationStatus\n    updatedAt\n    agents {\n      id\n      name\n      status\n    }\n    balances {\n      currency\n      available\n      total\n    }\n  }\n": typeof types.AccountRowFieldsFragmentDoc,
    "\n  subscription AccountRowLive($id: ID!, $after: ID) {\n    accountUpdated(id: $id, after: $after) {\n      id\n      ...AccountRowFields\n    }\n  }\n": typeof types.AccountRowLiveDocument,
    "\n  query AccountsPage($first: Int!, $filter: AccountFilter) {\n    accounts(first: $first, filter: $filter) {\n      nodes {\n        id\n        ...AccountRowFields\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AccountsPageDocument,
    "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n": typeof types.SessionViewerDocument,
    "\n  mutation CreateExport($input: CreateExportInput!) {\n    createExport(input: $input) { export { id status progress } }\n  }\n": typeof types.CreateExportDocument,
    "\n  query ExportProgress($id: ID!) {\n    export(id: $id) { id status progress recordCount downloadUrl expiresAt failureReason }\n  }\n": typeof types.ExportProgressDocument,
    "\n  query ReportSummary($period: ReportPeriod!, $groupBy: ReportGroupBy!) {\n    reportSummary(period: $period, groupBy: $groupBy) {\n      from\n      to\n      totals { currency count completedCount successRate averageSettlementSeconds volume { amount currency } fees { amount } }\n      previousTotals { currency count successRate volume { amount currency } }\n      groups { key figures { currency count successRate volume { amount currency } } previous { volume { amount } } }\n    }\n    volumeSeries(period: $period, interval: HOUR) { points { at currency count volume { amount currency } } }\n  }\n": typeof types.ReportSummaryDocument,
    "\n  query StatementAccounts {\n    accounts(first: 50) { nodes { id name balances { currency } } }\n  }\n": typeof types.StatementAccountsDocument,
    "\n  query StatementPdf($accountId: ID!, $month: String!, $currency: String!) {\n    statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName base64 }\n  }\n": typeof types.StatementPdfDocument,
    "\n  query RecentTransfers($first: Int!) {\n    transfers(first: $first) {\n      nodes {\n        id\n        ...TransferRowFields\n      }\n    }\n  }\n": typeof types.RecentTransfersDocument,
    "\n  query TransferAccounts($first: Int!) {\n    accounts(first: $first) {\n      nodes {\n        id\n        name\n        balances {\n          currency\n          available\n          total\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.TransferAccountsDocument,
    "\n  mutation CreateInternalTransfer($input: CreateInternalTransferInput!) {\n    createInternalTransfer(input: $input) {\n      transfer {\n        id\n        status\n        amount {\n          amount\n          currency\n        }\n        from {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n        to {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreateInternalTransferDocument,
    "\n  fragment TransferRowFields on Transfer {\n    id\n    status\n    description\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    from {\n      id\n      name\n    }\n    to {\n      id\n      name\n    }\n  }\n": typeof types.TransferRowFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  mutation CreateAccount($input: CreateAccountInput!) {\n    createAccount(input: $input) {\n      account {\n        id\n        name\n        ...AccountRowFields\n      }\n    }\n  }\n": types.CreateAccountDocument,
    "\n  fragment AccountRowFields on Account {\n    id\n    name\n    type\n    email\n    verificationTier\n    verificationStatus\n    updatedAt\n    agents {\n      id\n      name\n      status\n    }\n    balances {\n      currency\n      available\n      total\n    }\n  }\n": types.AccountRowFieldsFragmentDoc,
    "\n  subscription AccountRowLive($id: ID!, $after: ID) {\n    accountUpdated(id: $id, after: $after) {\n      id\n      ...AccountRowFields\n    }\n  }\n": types.AccountRowLiveDocument,
    "\n  query AccountsPage($first: Int!, $filter: AccountFilter) {\n    accounts(first: $first, filter: $filter) {\n      nodes {\n        id\n        ...AccountRowFields\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.AccountsPageDocument,
    "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n": types.SessionViewerDocument,
    "\n  mutation CreateExport($input: CreateExportInput!) {\n    createExport(input: $input) { export { id status progress } }\n  }\n": types.CreateExportDocument,
    "\n  query ExportProgress($id: ID!) {\n    export(id: $id) { id status progress recordCount downloadUrl expiresAt failureReason }\n  }\n": types.ExportProgressDocument,
    "\n  query ReportSummary($period: ReportPeriod!, $groupBy: ReportGroupBy!) {\n    reportSummary(period: $period, groupBy: $groupBy) {\n      from\n      to\n      totals { currency count completedCount successRate averageSettlementSeconds volume { amount currency } fees { amount } }\n      previousTotals { currency count successRate volume { amount currency } }\n      groups { key figures { currency count successRate volume { amount currency } } previous { volume { amount } } }\n    }\n    volumeSeries(period: $period, interval: HOUR) { points { at currency count volume { amount currency } } }\n  }\n": types.ReportSummaryDocument,
    "\n  query StatementAccounts {\n    accounts(first: 50) { nodes { id name balances { currency } } }\n  }\n": types.StatementAccountsDocument,
    "\n  query StatementPdf($accountId: ID!, $month: String!, $currency: String!) {\n    statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName base64 }\n  }\n": types.StatementPdfDocument,
    "\n  query RecentTransfers($first: Int!) {\n    transfers(first: $first) {\n      nodes {\n        id\n        ...TransferRowFields\n      }\n    }\n  }\n": types.RecentTransfersDocument,
    "\n  query TransferAccounts($first: Int!) {\n    accounts(first: $first) {\n      nodes {\n        id\n        name\n        balances {\n          currency\n          available\n          total\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.TransferAccountsDocument,
    "\n  mutation CreateInternalTransfer($input: CreateInternalTransferInput!) {\n    createInternalTransfer(input: $input) {\n      transfer {\n        id\n        status\n        amount {\n          amount\n          currency\n        }\n        from {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n        to {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n      }\n    }\n  }\n": types.CreateInternalTransferDocument,
    "\n  fragment TransferRowFields on Transfer {\n    id\n    status\n    description\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    from {\n      id\n      name\n    }\n    to {\n      id\n      name\n    }\n  }\n": types.TransferRowFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAccount($input: CreateAccountInput!) {\n    createAccount(input: $input) {\n      account {\n        id\n        name\n        ...AccountRowFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAccount($input: CreateAccountInput!) {\n    createAccount(input: $input) {\n      account {\n        id\n        name\n        ...AccountRowFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountRowFields on Account {\n    id\n    name\n    type\n    email\n    verificationTier\n    verificationStatus\n    updatedAt\n    agents {\n      id\n      name\n      status\n    }\n    balances {\n      currency\n      available\n      total\n    }\n  }\n"): (typeof documents)["\n  fragment AccountRowFields on Account {\n    id\n    name\n    type\n    email\n    verificationTier\n    verificationStatus\n    updatedAt\n    agents {\n      id\n      name\n      status\n    }\n    balances {\n      currency\n      available\n      total\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AccountRowLive($id: ID!, $after: ID) {\n    accountUpdated(id: $id, after: $after) {\n      id\n      ...AccountRowFields\n    }\n  }\n"): (typeof documents)["\n  subscription AccountRowLive($id: ID!, $after: ID) {\n    accountUpdated(id: $id, after: $after) {\n      id\n      ...AccountRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountsPage($first: Int!, $filter: AccountFilter) {\n    accounts(first: $first, filter: $filter) {\n      nodes {\n        id\n        ...AccountRowFields\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccountsPage($first: Int!, $filter: AccountFilter) {\n    accounts(first: $first, filter: $filter) {\n      nodes {\n        id\n        ...AccountRowFields\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n"): (typeof documents)["\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExport($input: CreateExportInput!) {\n    createExport(input: $input) { export { id status progress } }\n  }\n"): (typeof documents)["\n  mutation CreateExport($input: CreateExportInput!) {\n    createExport(input: $input) { export { id status progress } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportProgress($id: ID!) {\n    export(id: $id) { id status progress recordCount downloadUrl expiresAt failureReason }\n  }\n"): (typeof documents)["\n  query ExportProgress($id: ID!) {\n    export(id: $id) { id status progress recordCount downloadUrl expiresAt failureReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportSummary($period: ReportPeriod!, $groupBy: ReportGroupBy!) {\n    reportSummary(period: $period, groupBy: $groupBy) {\n      from\n      to\n      totals { currency count completedCount successRate averageSettlementSeconds volume { amount currency } fees { amount } }\n      previousTotals { currency count successRate volume { amount currency } }\n      groups { key figures { currency count successRate volume { amount currency } } previous { volume { amount } } }\n    }\n    volumeSeries(period: $period, interval: HOUR) { points { at currency count volume { amount currency } } }\n  }\n"): (typeof documents)["\n  query ReportSummary($period: ReportPeriod!, $groupBy: ReportGroupBy!) {\n    reportSummary(period: $period, groupBy: $groupBy) {\n      from\n      to\n      totals { currency count completedCount successRate averageSettlementSeconds volume { amount currency } fees { amount } }\n      previousTotals { currency count successRate volume { amount currency } }\n      groups { key figures { currency count successRate volume { amount currency } } previous { volume { amount } } }\n    }\n    volumeSeries(period: $period, interval: HOUR) { points { at currency count volume { amount currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementAccounts {\n    accounts(first: 50) { nodes { id name balances { currency } } }\n  }\n"): (typeof documents)["\n  query StatementAccounts {\n    accounts(first: 50) { nodes { id name balances { currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementPdf($accountId: ID!, $month: String!, $currency: String!) {\n    statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName base64 }\n  }\n"): (typeof documents)["\n  query StatementPdf($accountId: ID!, $month: String!, $currency: String!) {\n    statementPdf(accountId: $accountId, month: $month, currency: $currency) { fileName base64 }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentTransfers($first: Int!) {\n    transfers(first: $first) {\n      nodes {\n        id\n        ...TransferRowFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentTransfers($first: Int!) {\n    transfers(first: $first) {\n      nodes {\n        id\n        ...TransferRowFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransferAccounts($first: Int!) {\n    accounts(first: $first) {\n      nodes {\n        id\n        name\n        balances {\n          currency\n          available\n          total\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query TransferAccounts($first: Int!) {\n    accounts(first: $first) {\n      nodes {\n        id\n        name\n        balances {\n          currency\n          available\n          total\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInternalTransfer($input: CreateInternalTransferInput!) {\n    createInternalTransfer(input: $input) {\n      transfer {\n        id\n        status\n        amount {\n          amount\n          currency\n        }\n        from {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n        to {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInternalTransfer($input: CreateInternalTransferInput!) {\n    createInternalTransfer(input: $input) {\n      transfer {\n        id\n        status\n        amount {\n          amount\n          currency\n        }\n        from {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n        to {\n          id\n          name\n          balances {\n            currency\n            available\n            total\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransferRowFields on Transfer {\n    id\n    status\n    description\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    from {\n      id\n      name\n    }\n    to {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment TransferRowFields on Transfer {\n    id\n    status\n    description\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    from {\n      id\n      name\n    }\n    to {\n      id\n      name\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;