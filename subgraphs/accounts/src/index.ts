export { ACCOUNTS_SCHEMA, accountsEntities, accountsMigrations, createAccountsDataSource, buildAccountsSchema, defineAccountsSubgraph } from './accounts-subgraph';
export { createApiKeyAuthenticator, type ApiKeyAuthenticator, type ApiKeyPrincipal } from './api-keys/api-key.authenticator';
export { generateApiKey, hashApiKey, apiKeyPrefix, isApiKeyFormat } from './api-keys/api-key.codec';
export { provisionTenant, issueApiKey, type ProvisionedTenant, type IssuedApiKey } from './tenants/tenant-provisioning';
export { seedDemoTenant, DEMO_TENANT_ID } from './tenants/demo-seed';
