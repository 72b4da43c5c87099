import { auditTriggersMigration } from '@orquesta/db';

/** Every change to this subgraph's tenant state lands in the audit log (see accounts' CreateIdentity). */
export const AuditStreams1732300000203 = auditTriggersMigration('AuditStreams1732300000203', [['streams.streams', []]]);
