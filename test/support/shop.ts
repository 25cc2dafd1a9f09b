import { afterAll, beforeAll } from 'vitest';
import { postBonus } from '../../src/bonus/bonus.repository.js';
import { createConfig } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import type { PaymentMethod } from '../../src/db/schema.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createServices, type Services } from '../../src/services.js';
import type { Clock } from '../../src/shared/clock.js';
import { lockUsers } from '../../src/users/users.repository.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * A clock the test moves by hand. It starts from the real time (at the next whole minute), never a fixed date, so
 * whatever the test creates agrees with processes that read the real clock (shopctl, the bot, MariaDB), on any day.
 */
export class TestClock implements Clock {
  constructor(public current = new Date(Math.ceil(Date.now() / 60_000) * 60_000)) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceHours(hours: number): void {
    this.current = this.inHours(hours);
  }
  /** The clock's time `hours` from now (negative: ago), without moving it. */
  inHours(hours: number): Date {
    return new Date(this.current.getTime() + hours * 3_600_000);
  }
}

export const OWNER_ID = 1000;
export const ADMIN_ID = 1001;

export interface TestShop {
  db: Db;
  services: Services;
  clock: TestClock;
}

/**
 * Gives a test file its own migrated database and a shop on it (made by `make`) for all of its tests (dropped after them);
 * `use` receives both once they exist.
 */
export function useTestShop<S extends TestShop = TestShop>(
  use: (created: { t: TestDatabase; shop: S }) => void | Promise<void>,
  make: (db: Db) => S = createTestShop as (db: Db) => S,
): void {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    await use({ t, shop: make(t.db) });
  });
  afterAll(() => t?.drop());
}

export function createTestShop(db: Db, env: Record<string, string> = {}): TestShop {
  const clock = new TestClock();
  const config = createConfig({ OWNER_ID: String(OWNER_ID), ADMIN_IDS: String(ADMIN_ID), ...env });
  return { db, services: createServices(db, config, clock), clock };
}

let sequence = 0;
/** A name no other test in this database uses. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

let nextUserId = 10_000;
export async function newCustomer(shop: TestShop, extra: { referrerCode?: string } = {}): Promise<number> {
  nextUserId += 1;
  const id = nextUserId;
  await shop.services.settings.set('reference_codes_enabled', extra.referrerCode ? 'true' : 'false');
  await shop.services.users.join(
    { telegramId: id, username: `user${id}`, firstName: 'Test' },
    extra.referrerCode,
  );
  return id;
}

export async function newProduct(shop: TestShop, options: { stock?: number; price?: number } = {}) {
  const category = unique('category');
  await shop.services.catalog.addCategory(category);
  return shop.services.catalog.addProduct({
    category,
    name: unique('product'),
    price: options.price ?? 1250,
    stock: options.stock ?? 10,
  });
}

export const checkout = {
  address: '1 Test Street, Testville',
  phone: '+15550100000',
};

/** Puts `quantity` of a product in the cart and places the order. */
export async function orderOf(
  shop: TestShop,
  userId: number,
  productId: number,
  quantity = 1,
  paymentMethod: PaymentMethod = 'cod',
  bonus: 'all' | 'none' | number = 'none',
) {
  await shop.services.cart.setQuantity(userId, productId, quantity);
  return shop.services.orders.place({ userId, paymentMethod, bonus, ...checkout });
}

export async function productRow(shop: TestShop, id: number) {
  return shop.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Credits a customer's bonus balance as a manual adjustment would; no command grants bonus by hand. */
export async function grantBonus(shop: TestShop, userId: number, amount: number): Promise<void> {
  await inTransaction(shop.db, async (trx) => {
    await lockUsers(trx, [userId]);
    await postBonus(trx, { userId, amount, kind: 'adjustment', note: 'test credit', now: shop.clock.now() });
  });
}

/** For tests that place many orders for one customer and are not about the per-customer limits. */
export async function liftOrderLimits(shop: TestShop): Promise<void> {
  for (const key of [
    'max_open_orders_per_customer',
    'max_orders_per_customer_per_hour',
    'max_btc_addresses_per_customer_per_day',
  ]) {
    await shop.services.settings.set(key, '0');
  }
}
