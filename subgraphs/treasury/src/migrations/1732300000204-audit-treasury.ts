import { auditTriggersMigration } from '@orquesta/db';

/** A tenant's routing rules are tenant state: every change lands in the audit log. */
export const AuditTreasury1732300000204 = auditTriggersMigration('AuditTreasury1732300000204', [['treasury.routing_rules', []]]);
