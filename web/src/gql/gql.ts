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
    "\n  fragment AgentActivityFields on AgentActivity {\n    id\n    action\n    outcome\n    reasoning\n    counterparty\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    limitCheck {\n      limit {\n        amount\n      }\n      used {\n        amount\n      }\n      remaining {\n        amount\n      }\n    }\n  }\n": typeof types.AgentActivityFieldsFragmentDoc,
    "\n  query AgentActivityFeed($agentId: ID!) {\n    agentActivity(agentId: $agentId, first: 30) {\n      nodes {\n        id\n        ...AgentActivityFields\n      }\n    }\n  }\n": typeof types.AgentActivityFeedDocument,
    "\n  subscription AgentActivityLive($agentId: ID!) {\n    agentActivity(agentId: $agentId) {\n      id\n      ...AgentActivityFields\n    }\n  }\n": typeof types.AgentActivityLiveDocument,
    "\n  query AgentApprovals($agentId: ID!) {\n    approvals(status: PENDING, agentId: $agentId, first: 20) {\n      nodes {\n        id\n        action\n        reasoning\n        expiresAt\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": typeof types.AgentApprovalsDocument,
    "\n  mutation ApproveAction($input: ApproveActionInput!) {\n    approveAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n": typeof types.ApproveActionDocument,
    "\n  mutation RejectAction($input: RejectActionInput!) {\n    rejectAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n": typeof types.RejectActionDocument,
    "\n  fragment AgentKyaFields on Agent {\n    id\n    kyaTier\n    kyaStatus\n    kyaVerifiedAt\n    kyaReason\n  }\n": typeof types.AgentKyaFieldsFragmentDoc,
    "\n  mutation SubmitKya($input: SubmitKyaVerificationInput!) {\n    submitKyaVerification(input: $input) {\n      agent {\n        id\n        ...AgentKyaFields\n      }\n    }\n  }\n": typeof types.SubmitKyaDocument,
    "\n  fragment AgentLimitsFields on Agent {\n    id\n    currency\n    limits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n    }\n    effectiveLimits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n      cappedByParent\n      cappedBy\n    }\n    usage {\n      today {\n        amount\n        currency\n      }\n      thisMonth {\n        amount\n        currency\n      }\n      resetsAt\n    }\n    approvalThreshold {\n      amount\n      currency\n    }\n  }\n": typeof types.AgentLimitsFieldsFragmentDoc,
    "\n  mutation UpdateAgentLimits($input: UpdateAgentLimitsInput!) {\n    updateAgentLimits(input: $input) {\n      agent {\n        id\n        ...AgentLimitsFields\n      }\n    }\n  }\n": typeof types.UpdateAgentLimitsDocument,
    "\n  fragment AgentPermissionsFields on Agent {\n    id\n    permissions {\n      transactions {\n        initiate\n        approve\n        view\n      }\n      streams {\n        initiate\n        modify\n        pause\n        terminate\n        view\n      }\n      accounts {\n        view\n        create\n      }\n      treasury {\n        view\n        rebalance\n      }\n    }\n  }\n": typeof types.AgentPermissionsFieldsFragmentDoc,
    "\n  mutation UpdateAgentPermissions($input: UpdateAgentPermissionsInput!) {\n    updateAgentPermissions(input: $input) {\n      agent {\n        id\n        ...AgentPermissionsFields\n      }\n    }\n  }\n": typeof types.UpdateAgentPermissionsDocument,
    "\n  query AgentTokens($agentId: ID!) {\n    agentTokens(agentId: $agentId) {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.AgentTokensDocument,
    "\n  mutation CreateAgentToken($input: CreateAgentTokenInput!) {\n    createAgentToken(input: $input) {\n      token\n      agentToken {\n        id\n      }\n    }\n  }\n": typeof types.CreateAgentTokenDocument,
    "\n  query AgentPage($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      statusReason\n      currency\n      account {\n        id\n        name\n      }\n      stats {\n        actionsToday\n        successRate\n        volumeToday {\n          amount\n          currency\n        }\n      }\n      ...AgentKyaFields\n      ...AgentLimitsFields\n      ...AgentPermissionsFields\n    }\n  }\n": typeof types.AgentPageDocument,
    "\n  mutation AgentLifecycle($pause: Boolean!, $resume: Boolean!, $suspend: Boolean!, $activate: Boolean!, $agentId: ID!, $reason: String!) {\n    pauseAgent(input: { agentId: $agentId }) @include(if: $pause) {\n      agent {\n        id\n        status\n      }\n    }\n    resumeAgent(input: { agentId: $agentId }) @include(if: $resume) {\n      agent {\n        id\n        status\n      }\n    }\n    suspendAgent(input: { agentId: $agentId, reason: $reason }) @include(if: $suspend) {\n      agent {\n        id\n        status\n        statusReason\n      }\n    }\n    activateAgent(input: { agentId: $agentId }) @include(if: $activate) {\n      agent {\n        id\n        status\n      }\n    }\n  }\n": typeof types.AgentLifecycleDocument,
    "\n  query AgentsPage($first: Int!) {\n    agents(first: $first) {\n      nodes {\n        id\n        name\n        status\n        kyaTier\n        kyaStatus\n        account {\n          id\n          name\n        }\n        effectiveLimits {\n          daily {\n            amount\n            currency\n          }\n        }\n        usage {\n          today {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n": typeof types.AgentsPageDocument,
    "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n": typeof types.SessionViewerDocument,
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
    "\n  fragment AgentActivityFields on AgentActivity {\n    id\n    action\n    outcome\n    reasoning\n    counterparty\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    limitCheck {\n      limit {\n        amount\n      }\n      used {\n        amount\n      }\n      remaining {\n        amount\n      }\n    }\n  }\n": types.AgentActivityFieldsFragmentDoc,
    "\n  query AgentActivityFeed($agentId: ID!) {\n    agentActivity(agentId: $agentId, first: 30) {\n      nodes {\n        id\n        ...AgentActivityFields\n      }\n    }\n  }\n": types.AgentActivityFeedDocument,
    "\n  subscription AgentActivityLive($agentId: ID!) {\n    agentActivity(agentId: $agentId) {\n      id\n      ...AgentActivityFields\n    }\n  }\n": types.AgentActivityLiveDocument,
    "\n  query AgentApprovals($agentId: ID!) {\n    approvals(status: PENDING, agentId: $agentId, first: 20) {\n      nodes {\n        id\n        action\n        reasoning\n        expiresAt\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": types.AgentApprovalsDocument,
    "\n  mutation ApproveAction($input: ApproveActionInput!) {\n    approveAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n": types.ApproveActionDocument,
    "\n  mutation RejectAction($input: RejectActionInput!) {\n    rejectAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n": types.RejectActionDocument,
    "\n  fragment AgentKyaFields on Agent {\n    id\n    kyaTier\n    kyaStatus\n    kyaVerifiedAt\n    kyaReason\n  }\n": types.AgentKyaFieldsFragmentDoc,
    "\n  mutation SubmitKya($input: SubmitKyaVerificationInput!) {\n    submitKyaVerification(input: $input) {\n      agent {\n        id\n        ...AgentKyaFields\n      }\n    }\n  }\n": types.SubmitKyaDocument,
    "\n  fragment AgentLimitsFields on Agent {\n    id\n    currency\n    limits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n    }\n    effectiveLimits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n      cappedByParent\n      cappedBy\n    }\n    usage {\n      today {\n        amount\n        currency\n      }\n      thisMonth {\n        amount\n        currency\n      }\n      resetsAt\n    }\n    approvalThreshold {\n      amount\n      currency\n    }\n  }\n": types.AgentLimitsFieldsFragmentDoc,
    "\n  mutation UpdateAgentLimits($input: UpdateAgentLimitsInput!) {\n    updateAgentLimits(input: $input) {\n      agent {\n        id\n        ...AgentLimitsFields\n      }\n    }\n  }\n": types.UpdateAgentLimitsDocument,
    "\n  fragment AgentPermissionsFields on Agent {\n    id\n    permissions {\n      transactions {\n        initiate\n        approve\n        view\n      }\n      streams {\n        initiate\n        modify\n        pause\n        terminate\n        view\n      }\n      accounts {\n        view\n        create\n      }\n      treasury {\n        view\n        rebalance\n      }\n    }\n  }\n": types.AgentPermissionsFieldsFragmentDoc,
    "\n  mutation UpdateAgentPermissions($input: UpdateAgentPermissionsInput!) {\n    updateAgentPermissions(input: $input) {\n      agent {\n        id\n        ...AgentPermissionsFields\n      }\n    }\n  }\n": types.UpdateAgentPermissionsDocument,
    "\n  query AgentTokens($agentId: ID!) {\n    agentTokens(agentId: $agentId) {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.AgentTokensDocument,
    "\n  mutation CreateAgentToken($input: CreateAgentTokenInput!) {\n    createAgentToken(input: $input) {\n      token\n      agentToken {\n        id\n      }\n    }\n  }\n": types.CreateAgentTokenDocument,
    "\n  query AgentPage($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      statusReason\n      currency\n      account {\n        id\n        name\n      }\n      stats {\n        actionsToday\n        successRate\n        volumeToday {\n          amount\n          currency\n        }\n      }\n      ...AgentKyaFields\n      ...AgentLimitsFields\n      ...AgentPermissionsFields\n    }\n  }\n": types.AgentPageDocument,
    "\n  mutation AgentLifecycle($pause: Boolean!, $resume: Boolean!, $suspend: Boolean!, $activate: Boolean!, $agentId: ID!, $reason: String!) {\n    pauseAgent(input: { agentId: $agentId }) @include(if: $pause) {\n      agent {\n        id\n        status\n      }\n    }\n    resumeAgent(input: { agentId: $agentId }) @include(if: $resume) {\n      agent {\n        id\n        status\n      }\n    }\n    suspendAgent(input: { agentId: $agentId, reason: $reason }) @include(if: $suspend) {\n      agent {\n        id\n        status\n        statusReason\n      }\n    }\n    activateAgent(input: { agentId: $agentId }) @include(if: $activate) {\n      agent {\n        id\n        status\n      }\n    }\n  }\n": types.AgentLifecycleDocument,
    "\n  query AgentsPage($first: Int!) {\n    agents(first: $first) {\n      nodes {\n        id\n        name\n        status\n        kyaTier\n        kyaStatus\n        account {\n          id\n          name\n        }\n        effectiveLimits {\n          daily {\n            amount\n            currency\n          }\n        }\n        usage {\n          today {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n": types.AgentsPageDocument,
    "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n": types.SessionViewerDocument,
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
export function graphql(source: "\n  fragment AgentActivityFields on AgentActivity {\n    id\n    action\n    outcome\n    reasoning\n    counterparty\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    limitCheck {\n      limit {\n        amount\n      }\n      used {\n        amount\n      }\n      remaining {\n        amount\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AgentActivityFields on AgentActivity {\n    id\n    action\n    outcome\n    reasoning\n    counterparty\n    createdAt\n    amount {\n      amount\n      currency\n    }\n    limitCheck {\n      limit {\n        amount\n      }\n      used {\n        amount\n      }\n      remaining {\n        amount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentActivityFeed($agentId: ID!) {\n    agentActivity(agentId: $agentId, first: 30) {\n      nodes {\n        id\n        ...AgentActivityFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AgentActivityFeed($agentId: ID!) {\n    agentActivity(agentId: $agentId, first: 30) {\n      nodes {\n        id\n        ...AgentActivityFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentActivityLive($agentId: ID!) {\n    agentActivity(agentId: $agentId) {\n      id\n      ...AgentActivityFields\n    }\n  }\n"): (typeof documents)["\n  subscription AgentActivityLive($agentId: ID!) {\n    agentActivity(agentId: $agentId) {\n      id\n      ...AgentActivityFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentApprovals($agentId: ID!) {\n    approvals(status: PENDING, agentId: $agentId, first: 20) {\n      nodes {\n        id\n        action\n        reasoning\n        expiresAt\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AgentApprovals($agentId: ID!) {\n    approvals(status: PENDING, agentId: $agentId, first: 20) {\n      nodes {\n        id\n        action\n        reasoning\n        expiresAt\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveAction($input: ApproveActionInput!) {\n    approveAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveAction($input: ApproveActionInput!) {\n    approveAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectAction($input: RejectActionInput!) {\n    rejectAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RejectAction($input: RejectActionInput!) {\n    rejectAction(input: $input) {\n      approval {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentKyaFields on Agent {\n    id\n    kyaTier\n    kyaStatus\n    kyaVerifiedAt\n    kyaReason\n  }\n"): (typeof documents)["\n  fragment AgentKyaFields on Agent {\n    id\n    kyaTier\n    kyaStatus\n    kyaVerifiedAt\n    kyaReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitKya($input: SubmitKyaVerificationInput!) {\n    submitKyaVerification(input: $input) {\n      agent {\n        id\n        ...AgentKyaFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitKya($input: SubmitKyaVerificationInput!) {\n    submitKyaVerification(input: $input) {\n      agent {\n        id\n        ...AgentKyaFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentLimitsFields on Agent {\n    id\n    currency\n    limits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n    }\n    effectiveLimits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n      cappedByParent\n      cappedBy\n    }\n    usage {\n      today {\n        amount\n        currency\n      }\n      thisMonth {\n        amount\n        currency\n      }\n      resetsAt\n    }\n    approvalThreshold {\n      amount\n      currency\n    }\n  }\n"): (typeof documents)["\n  fragment AgentLimitsFields on Agent {\n    id\n    currency\n    limits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n    }\n    effectiveLimits {\n      perTransaction {\n        amount\n        currency\n      }\n      daily {\n        amount\n        currency\n      }\n      monthly {\n        amount\n        currency\n      }\n      cappedByParent\n      cappedBy\n    }\n    usage {\n      today {\n        amount\n        currency\n      }\n      thisMonth {\n        amount\n        currency\n      }\n      resetsAt\n    }\n    approvalThreshold {\n      amount\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAgentLimits($input: UpdateAgentLimitsInput!) {\n    updateAgentLimits(input: $input) {\n      agent {\n        id\n        ...AgentLimitsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAgentLimits($input: UpdateAgentLimitsInput!) {\n    updateAgentLimits(input: $input) {\n      agent {\n        id\n        ...AgentLimitsFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentPermissionsFields on Agent {\n    id\n    permissions {\n      transactions {\n        initiate\n        approve\n        view\n      }\n      streams {\n        initiate\n        modify\n        pause\n        terminate\n        view\n      }\n      accounts {\n        view\n        create\n      }\n      treasury {\n        view\n        rebalance\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AgentPermissionsFields on Agent {\n    id\n    permissions {\n      transactions {\n        initiate\n        approve\n        view\n      }\n      streams {\n        initiate\n        modify\n        pause\n        terminate\n        view\n      }\n      accounts {\n        view\n        create\n      }\n      treasury {\n        view\n        rebalance\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAgentPermissions($input: UpdateAgentPermissionsInput!) {\n    updateAgentPermissions(input: $input) {\n      agent {\n        id\n        ...AgentPermissionsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAgentPermissions($input: UpdateAgentPermissionsInput!) {\n    updateAgentPermissions(input: $input) {\n      agent {\n        id\n        ...AgentPermissionsFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentTokens($agentId: ID!) {\n    agentTokens(agentId: $agentId) {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query AgentTokens($agentId: ID!) {\n    agentTokens(agentId: $agentId) {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAgentToken($input: CreateAgentTokenInput!) {\n    createAgentToken(input: $input) {\n      token\n      agentToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAgentToken($input: CreateAgentTokenInput!) {\n    createAgentToken(input: $input) {\n      token\n      agentToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentPage($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      statusReason\n      currency\n      account {\n        id\n        name\n      }\n      stats {\n        actionsToday\n        successRate\n        volumeToday {\n          amount\n          currency\n        }\n      }\n      ...AgentKyaFields\n      ...AgentLimitsFields\n      ...AgentPermissionsFields\n    }\n  }\n"): (typeof documents)["\n  query AgentPage($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      statusReason\n      currency\n      account {\n        id\n        name\n      }\n      stats {\n        actionsToday\n        successRate\n        volumeToday {\n          amount\n          currency\n        }\n      }\n      ...AgentKyaFields\n      ...AgentLimitsFields\n      ...AgentPermissionsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentLifecycle($pause: Boolean!, $resume: Boolean!, $suspend: Boolean!, $activate: Boolean!, $agentId: ID!, $reason: String!) {\n    pauseAgent(input: { agentId: $agentId }) @include(if: $pause) {\n      agent {\n        id\n        status\n      }\n    }\n    resumeAgent(input: { agentId: $agentId }) @include(if: $resume) {\n      agent {\n        id\n        status\n      }\n    }\n    suspendAgent(input: { agentId: $agentId, reason: $reason }) @include(if: $suspend) {\n      agent {\n        id\n        status\n        statusReason\n      }\n    }\n    activateAgent(input: { agentId: $agentId }) @include(if: $activate) {\n      agent {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AgentLifecycle($pause: Boolean!, $resume: Boolean!, $suspend: Boolean!, $activate: Boolean!, $agentId: ID!, $reason: String!) {\n    pauseAgent(input: { agentId: $agentId }) @include(if: $pause) {\n      agent {\n        id\n        status\n      }\n    }\n    resumeAgent(input: { agentId: $agentId }) @include(if: $resume) {\n      agent {\n        id\n        status\n      }\n    }\n    suspendAgent(input: { agentId: $agentId, reason: $reason }) @include(if: $suspend) {\n      agent {\n        id\n        status\n        statusReason\n      }\n    }\n    activateAgent(input: { agentId: $agentId }) @include(if: $activate) {\n      agent {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentsPage($first: Int!) {\n    agents(first: $first) {\n      nodes {\n        id\n        name\n        status\n        kyaTier\n        kyaStatus\n        account {\n          id\n          name\n        }\n        effectiveLimits {\n          daily {\n            amount\n            currency\n          }\n        }\n        usage {\n          today {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AgentsPage($first: Int!) {\n    agents(first: $first) {\n      nodes {\n        id\n        name\n        status\n        kyaTier\n        kyaStatus\n        account {\n          id\n          name\n        }\n        effectiveLimits {\n          daily {\n            amount\n            currency\n          }\n        }\n        usage {\n          today {\n            amount\n            currency\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n"): (typeof documents)["\n  query SessionViewer {\n    viewer {\n      tenantId\n      livemode\n      role\n      actorType\n      actorId\n      actorName\n    }\n  }\n"];
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