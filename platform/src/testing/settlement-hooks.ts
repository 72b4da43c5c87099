// Crash injection for payout settlement, set by the test harness (never by production code):
// a payout whose description carries `[crash:<token>]` is settled only by the process holding
// that token, which dies (SIGKILL) right after a rail first accepts it, between "sent" and
// "recorded as sent". The hooks' shape is payments' SettlementHooks.

interface SettlementSubject {
  readonly transferId: string;
  readonly description: string | null;
}

function crashMarker(description: string | null): string | null {
  return /\[crash:([\w-]{1,64})\]/.exec(description ?? '')?.[1] ?? null;
}

/** For every test platform: payouts marked for a crashing process are left to it. */
export const ORDINARY_SETTLEMENT = {
  settles: (payout: SettlementSubject) => crashMarker(payout.description) === null,
};

/** For the process the payout-crash test spawns: settles only its own marked payouts, and dies at the rail. */
export function crashingSettlement(token: string) {
  return {
    settles: (payout: SettlementSubject) => {
      const marker = crashMarker(payout.description);
      return marker === null || marker === token;
    },
    railAccepted: (payout: SettlementSubject) => {
      if (crashMarker(payout.description) === token) process.kill(process.pid, 'SIGKILL');
    },
  };
}
