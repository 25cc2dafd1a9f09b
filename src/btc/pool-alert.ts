import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { staffChatIds } from '../users/users.repository.js';
import { countAvailableAddresses, raiseLowPoolAlert } from './btc.repository.js';

/**
 * Tells the staff, once, that the pool has fallen to the threshold. Run after a checkout commits: inside it,
 * addresses taken by concurrent checkouts still look free, and a burst of orders could empty the pool unseen.
 */
export async function alertIfPoolLow(deps: ServiceDeps): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const threshold = await deps.settings.get('low_btc_pool_threshold', trx);
    const available = await countAvailableAddresses(trx);
    const now = deps.clock.now();
    if (available > threshold || !(await raiseLowPoolAlert(trx, now))) return;
    await enqueueNotification(trx, now, await staffChatIds(trx, deps.staffIds), 'btc_pool_low', {
      available,
      threshold,
    });
  });
}
