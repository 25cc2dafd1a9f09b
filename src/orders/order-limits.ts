import type { User } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import type { Settings } from '../settings/settings.schemas.js';
import { CustomerLimitError } from '../shared/errors.js';
import { isStaff } from '../users/staff.js';
import { findUser } from '../users/users.repository.js';
import { countCustomerOrders } from './customer-orders.repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whole minutes until `since` is `windowMs` old, at least one. */
export function minutesUntil(since: Date | null, windowMs: number, now: Date): number {
  const left = since ? since.getTime() + windowMs - now.getTime() : windowMs;
  return Math.max(1, Math.ceil(left / 60_000));
}

/**
 * Refuses a cart line past max_quantity_per_product for a customer, the same cap checkout applies, so the cart
 * never offers what checkout would refuse. Only growing a line is refused: a line already above a lowered cap
 * can still be taken down. Called after the line is written, which locks it, so taps in parallel are counted one
 * after another.
 */
export async function checkCartQuantity(
  trx: Executor,
  deps: Pick<ServiceDeps, 'staffIds' | 'settings'>,
  userId: number,
  change: { from: number; to: number },
): Promise<void> {
  if (change.to <= change.from) return;
  const max = await deps.settings.get('max_quantity_per_product', trx);
  if (max === 0 || change.to <= max) return;
  const user = await findUser(trx, userId);
  if (user && !isStaff(deps.staffIds, user)) throw new CustomerLimitError('quantity', max);
}

/**
 * Refuses an order that would take one customer past the shop's limits. Called in the placing transaction after
 * the customer's row is locked, so parallel checkouts of one customer are counted one after another and cannot
 * pass a limit together. A limit of 0 is off; staff have none.
 */
export async function checkOrderLimits(
  trx: Executor,
  deps: Pick<ServiceDeps, 'staffIds'>,
  order: {
    user: Pick<User, 'id' | 'role'>;
    lines: readonly { quantity: number }[];
    needsAddress: boolean;
    config: Settings;
    now: Date;
  },
): Promise<void> {
  const { user, config, now } = order;
  if (isStaff(deps.staffIds, user)) return;
  const maxQuantity = config.max_quantity_per_product;
  if (maxQuantity > 0 && order.lines.some((line) => line.quantity > maxQuantity))
    throw new CustomerLimitError('quantity', maxQuantity);

  const counts = await countCustomerOrders(trx, user.id, {
    hourAgo: new Date(now.getTime() - HOUR_MS),
    dayAgo: new Date(now.getTime() - DAY_MS),
  });
  const maxOpen = config.max_open_orders_per_customer;
  if (maxOpen > 0 && counts.open >= maxOpen) throw new CustomerLimitError('open_orders', maxOpen);
  const perHour = config.max_orders_per_customer_per_hour;
  if (perHour > 0 && counts.placedSince >= perHour)
    throw new CustomerLimitError(
      'orders_per_hour',
      perHour,
      minutesUntil(counts.oldestPlacedAt, HOUR_MS, now),
    );
  const addresses = config.max_btc_addresses_per_customer_per_day;
  if (order.needsAddress && addresses > 0 && counts.addressesSince >= addresses)
    throw new CustomerLimitError(
      'btc_addresses',
      addresses,
      minutesUntil(counts.oldestAddressAt, DAY_MS, now),
    );
}
