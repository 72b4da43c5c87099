import type { AgentState, KyaState } from './agent.entity';

/**
 * Where an agent's status may go, and by which operation. This file alone decides a status
 * change; the service writes what it returns and emits `agent.updated`, on which every
 * gateway drops its cached verdicts and closes the agent's websockets (4403).
 *
 *   active     acts within its permissions and limits     → paused (pauseAgent) | suspended (suspendAgent)
 *   paused     stopped by its owner; tokens refused       → active (resumeAgent) | suspended (suspendAgent)
 *   suspended  stopped by an admin, with a reason         → active (activateAgent)
 */
export type AgentTransition = 'pause' | 'resume' | 'suspend' | 'activate';

const MOVES: Record<AgentTransition, { readonly from: readonly AgentState[]; readonly to: AgentState }> = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  suspend: { from: ['active', 'paused'], to: 'suspended' },
  activate: { from: ['suspended', 'paused'], to: 'active' },
};

/** The status a transition leads to from `from`, or null when the lifecycle forbids it. */
export function agentMove(from: AgentState, transition: AgentTransition): AgentState | null {
  const move = MOVES[transition];
  return move.from.includes(from) ? move.to : null;
}

/** `updateAgent(status)` names a target; this is the transition that reaches it. */
export function transitionTo(from: AgentState, to: AgentState): AgentTransition | null {
  if (to === 'paused') return 'pause';
  if (to === 'suspended') return 'suspend';
  return from === 'paused' ? 'resume' : from === 'suspended' ? 'activate' : null;
}

/**
 * Know-your-agent verification:
 *
 *   unverified  never submitted                          → pending (submitKyaVerification)
 *   pending     the verifier is working                  → verified | rejected (the verifier)
 *   verified    the tier's limits apply                  → pending (a new submission, for another tier)
 *   rejected    the verifier refused; the old tier stays → pending (a new submission)
 *   suspended   verification withdrawn by the platform   → pending (a new submission)
 */
const KYA_NEXT: Record<KyaState, readonly KyaState[]> = {
  unverified: ['pending'],
  pending: ['verified', 'rejected'],
  verified: ['pending'],
  rejected: ['pending'],
  suspended: ['pending'],
};

export function canMoveKya(from: KyaState, to: KyaState): boolean {
  return KYA_NEXT[from].includes(to);
}
