import type { Executor } from '../db/transaction.js';
import { minutesUntil } from '../orders/order-limits.js';
import type { ServiceDeps } from '../service-deps.js';
import { CustomerLimitError } from '../shared/errors.js';
import { isStaff } from '../users/staff.js';
import { lockUser } from '../users/users.repository.js';
import { customerMessagesSince } from './support.repository.js';

const HOUR_MS = 3_600_000;

/**
 * Refuses a Help message past max_help_messages_per_hour, so one customer cannot flood the staff. The sender's
 * row is locked first, so their parallel messages are counted one after another. Staff and unknown senders
 * (who cannot reach Help) are not limited.
 */
export async function checkHelpLimit(
  trx: Executor,
  deps: ServiceDeps,
  userId: number,
  now: Date,
): Promise<void> {
  const user = await lockUser(trx, userId);
  if (!user || isStaff(deps.staffIds, user)) return;
  const max = await deps.settings.get('max_help_messages_per_hour', trx);
  if (max === 0) return;
  const sent = await customerMessagesSince(trx, userId, new Date(now.getTime() - HOUR_MS));
  if (sent.count >= max)
    throw new CustomerLimitError('help_messages', max, minutesUntil(sent.oldest, HOUR_MS, now));
}
