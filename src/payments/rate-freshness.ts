import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { addHours } from '../shared/clock.js';
import { StaleBtcRateError } from '../shared/errors.js';
import { staffChatIds } from '../users/users.repository.js';
import { raiseAlertOnce, rateSetAt } from './payments.repository.js';

/**
 * Refuses a Bitcoin checkout while btc_rate is older than btc_rate_max_age_hours (0 turns the check off), so a
 * stale rate never sells. The staff are alerted once per rate: the alert's name carries the time it was set,
 * and committing it in its own transaction keeps it when the checkout is refused.
 */
export async function refuseStaleRate(deps: ServiceDeps): Promise<void> {
  const config = await deps.settings.all();
  if (config.btc_rate === null || config.btc_rate_max_age_hours === 0) return;
  const setAt = await rateSetAt(deps.db);
  const now = deps.clock.now();
  if (!setAt || addHours(setAt, config.btc_rate_max_age_hours) > now) return;
  await inTransaction(deps.db, async (trx) => {
    if (!(await raiseAlertOnce(trx, `btc_rate_stale:${setAt.getTime()}`, now))) return;
    await enqueueNotification(trx, now, await staffChatIds(trx, deps.staffIds), 'btc_rate_stale', {
      set_at: setAt.toISOString(),
      max_age_hours: config.btc_rate_max_age_hours,
    });
  });
  throw new StaleBtcRateError(config.btc_rate_max_age_hours);
}
