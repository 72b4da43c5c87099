import type { IncomingMessage, ServerResponse } from 'node:http';
import { RAIL_CALLBACK_PATH } from '@orquesta/gateway';
import { readBody, sendJson } from '@orquesta/graphql';
import type { PayoutQueue } from '@orquesta/payments';
import { findRail, verifyRailCallback } from '@orquesta/treasury';

const CALLBACK_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * `POST /callbacks/rails/:rail`: a provider says a payout reached a final state. The signature
 * is checked, then the payout's settlement job is woken; the job asks the rail itself and
 * settles under the payout's lock, so duplicate, late or replayed callbacks change nothing
 * twice. The answer is 200 for any verified callback, known payout or not (providers retry
 * anything else).
 */
export function createRailCallbackHandler(options: { secret: string; queue: PayoutQueue }) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const rail = path.slice(RAIL_CALLBACK_PATH.length);
    if (!findRail(rail)) return sendJson(res, 404, { error: 'unknown rail' });
    const body = await readBody(req, CALLBACK_BODY_LIMIT_BYTES);
    const callback = verifyRailCallback(options.secret, rail, req.headers, body);
    if (!callback) return sendJson(res, 401, { error: 'signature does not verify' });
    await options.queue.enqueue({ tenantId: callback.tenantId, livemode: callback.livemode }, callback.transferId);
    return sendJson(res, 200, { received: true });
  };
}
