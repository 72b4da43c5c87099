export { type Actor, type ActorType, type Role, type RequestContext, isRequestContext, isUuid, tenantScope, NO_TENANT } from './request-context';
export { CONTEXT_HEADER, SIGNATURE_HEADER, encodeContext, verifyContext, type SignedHeaders } from './context-codec';
export { loadConfig, type OrquestaConfig } from './config';
export { type Permission, PERMISSION_MATRIX, hasPermission, roleAtLeast } from './permissions';
export { redact, redactText, createLogger, logLevelOf, tapLogs, type Logger, type LogLevel } from './log';
export { redisNamespace, redisKey } from './redis-namespace';
export { isConnectionFailure, SERVICE_UNAVAILABLE_MESSAGE } from './connection-failure';
export { type Principal, type PresentedCredential, type CredentialVerifier } from './principal';
