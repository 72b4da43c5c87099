export { ACCOUNTS_SCHEMA, accountsEntities, accountsMigrations, createAccountsDataSource, buildAccountsSchema, defineAccountsSubgraph } from './accounts-subgraph';
export { createApiKeyAuthenticator, type ApiKeyAuthenticator, type ApiKeyPrincipal } from './api-keys/api-key.authenticator';
export { generateApiKey, hashApiKey, apiKeyPrefix, isApiKeyFormat } from './api-keys/api-key.codec';
export { provisionTenant, issueApiKey, type ProvisionedTenant, type IssuedApiKey } from './tenants/tenant-provisioning';
export { seedDemoBalances, seedDemoTenant, DEMO_TENANT_ID } from './tenants/demo-seed';
export { startWebhookWorker, attemptJobId, type WebhookWorker, type WebhookWorkerOptions } from './webhooks/webhook-delivery.worker';
export { loadWebhookConfig, WEBHOOK_NOTIFY_CHANNEL, DEFAULT_RETRY_DELAYS_MS, type WebhookConfig } from './webhooks/webhook.config';
export { createAddressPolicy, type AddressPolicy, type Resolver } from './webhooks/webhook-address.policy';
export { signatureHeader, SECRET_PREFIX } from './webhooks/webhook-secret';
