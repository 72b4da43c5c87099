import { auditTriggersMigration } from '@orquesta/db';

/** Every change to this subgraph's tenant state lands in the audit log (see accounts' CreateIdentity). */
export const AuditPayments1732300000202 = auditTriggersMigration('AuditPayments1732300000202', [
  ['payments.transfers', []],
  ['payments.quotes', []],
  // Bank, wallet and phone details stay out of the log (the payout keeps them, masked in the graph).
  ['payments.payouts', ['destination']],
]);
