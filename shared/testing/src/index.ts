export { createTestScope, type TestScope } from './test-scope';
export { testDatabaseUrl, testRedisUrl, testSystemPool, closeTestPools } from './test-environment';
export { postGraphQL, queryOk, subscriptionClient, subscribe, type GraphQLResponse, type Subscription } from './graphql.client';
export { freePort, waitUntilReady } from './processes';
export { createAccountVia, depositVia, renameAccountVia } from './account.fixtures';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedWebhook, type Reply } from './webhook-receiver';
export { randomClientIp, postGraphQLFrom, signupVia, loginVia, type SignedUpTenant } from './identity.fixtures';
export { findSecrets, assertNoSecrets, captureProcessOutput, captureChildOutput, type OutputCapture } from './log-capture';
