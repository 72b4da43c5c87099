import { auditTriggersMigration } from '@orquesta/db';

/** Every change to this subgraph's tenant state lands in the audit log (see accounts' CreateIdentity). */
export const AuditAgents1732300000201 = auditTriggersMigration('AuditAgents1732300000201', [['agents.agents', []]]);
