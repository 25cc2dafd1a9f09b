import { runWithLease } from '../db/lease.js';
import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { staffChatIds } from '../users/users.repository.js';
import { closeOrders } from './order-lifecycle.js';
import { lockDueReservations } from './order-status.repository.js';

/**
 * One expiry pass: expires every reserved order whose reservation has run out, in batches, each batch one
 * transaction (every order fully expired or untouched). The "expiry" job lease lets one pass run at a time
 * across all processes of one shop, on every node of a cluster; a second pass returns at once with
 * `ran: false`. The lease saves work, it does not guard correctness: each batch locks its orders and skips
 * locked ones, so even two passes at once never expire an order twice.
 */
export async function expireDueOrders(
  deps: ServiceDeps,
  options: { batchSize?: number } = {},
): Promise<{ ran: boolean; expired: string[] }> {
  const batchSize = options.batchSize ?? 500;
  const pass = await runWithLease(deps.db, 'expiry', async (lease) => {
    const expired: string[] = [];
    for (;;) {
      const codes = await inTransaction(deps.db, async (trx) => {
        const now = deps.clock.now();
        const due = await lockDueReservations(trx, now, batchSize);
        await closeOrders(trx, due, 'expire', { actor: 'system:expiry', notify: true, now });
        if (due.length > 0) {
          await enqueueNotification(
            trx,
            now,
            await staffChatIds(trx, deps.staffIds),
            'orders_expired_summary',
            {
              codes: due.map((o) => o.code),
            },
          );
        }
        return due.map((o) => o.code);
      });
      expired.push(...codes);
      // Lost lease: another process runs a pass now; leave the rest to it.
      if (codes.length < batchSize || lease.lost.aborted) break;
    }
    return expired;
  });
  return pass.ran ? { ran: true, expired: pass.value } : { ran: false, expired: [] };
}
