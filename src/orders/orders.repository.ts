import { randomInt } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import type { Order, OrderItem, OrderStatus, OrdersTable } from '../db/schema.js';
import { type Executor, isDuplicateKey } from '../db/transaction.js';
import type { OrderDetails } from './orders.schemas.js';

export function normaliseOrderCode(code: string): string {
  return code.trim().toUpperCase();
}

export function findOrderByCode(db: Executor, code: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('code', '=', normaliseOrderCode(code)).executeTakeFirst();
}

/** The order a customer placed from the checkout `token` (see placeOrder), if any. */
export function findOrderByCheckout(db: Executor, userId: number, token: string): Promise<Order | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('checkout_token', '=', token)
    .executeTakeFirst();
}

export function lockOrderByCode(trx: Executor, code: string): Promise<Order | undefined> {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('code', '=', normaliseOrderCode(code))
    .forUpdate()
    .executeTakeFirst();
}

export function orderItems(db: Executor, orderIds: readonly number[]): Promise<OrderItem[]> {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
}

/** Orders with their items and customer, in the order given. */
export async function withDetails(db: Executor, orders: readonly Order[]): Promise<OrderDetails[]> {
  if (orders.length === 0) return [];
  const [items, users] = await Promise.all([
    orderItems(
      db,
      orders.map((o) => o.id),
    ),
    db
      .selectFrom('users')
      .select(['id', 'username', 'first_name', 'last_name'])
      .where('id', 'in', [...new Set(orders.map((o) => o.user_id))])
      .execute(),
  ]);
  const usersById = new Map(users.map((u) => [u.id, u]));
  return orders.map((order) => {
    const user = usersById.get(order.user_id);
    return {
      ...order,
      items: items.filter((item) => item.order_id === order.id),
      customer: {
        telegram_id: order.user_id,
        username: user?.username ?? null,
        name: [user?.first_name, user?.last_name].filter(Boolean).join(' '),
      },
    };
  });
}

export interface OrderListOptions {
  status?: OrderStatus;
  userId?: number;
  /** Keyset cursor: orders with a smaller id (older). */
  before?: number;
  limit?: number;
}

/** Newest first. Uses the (status, id) or (user_id, id) index, so it costs only the page it returns. */
export function listOrders(db: Executor, options: OrderListOptions = {}): Promise<Order[]> {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 20);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.userId !== undefined) query = query.where('user_id', '=', options.userId);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return query.execute();
}

const CODE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function randomOrderCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_LETTERS[randomInt(CODE_LETTERS.length)];
  return code;
}

/**
 * Inserts an order under a fresh random code, drawing again on the rare collision. A duplicate checkout token is
 * no collision: it is thrown, for the caller to find the order placed first.
 */
export async function insertOrder(
  trx: Executor,
  values: Omit<Insertable<OrdersTable>, 'code'>,
): Promise<{ id: number; code: string }> {
  for (let attempt = 0; ; attempt++) {
    const code = randomOrderCode();
    try {
      const result = await trx
        .insertInto('orders')
        .values({ ...values, code })
        .executeTakeFirstOrThrow();
      return { id: Number(result.insertId), code };
    } catch (error) {
      const onCode = isDuplicateKey(error) && !String((error as Error).message).includes('checkout_token');
      if (!onCode || attempt >= 10) throw error;
    }
  }
}

export interface OrderSearch {
  statuses?: readonly OrderStatus[];
  userId?: number;
  /** Placed at or after. */
  since?: Date;
  /** Placed before. */
  until?: Date;
  /** Part of the code, the customer's name or username, the phone or the address. */
  text?: string;
}

/** One page of the orders matching `search`, newest first, with how many match in all. */
export async function searchOrders(
  db: Executor,
  search: OrderSearch,
  page: { limit: number; offset: number },
): Promise<{ orders: Order[]; total: number }> {
  let query = db.selectFrom('orders').innerJoin('users', 'users.id', 'orders.user_id');
  if (search.statuses?.length) query = query.where('orders.status', 'in', search.statuses);
  if (search.userId !== undefined) query = query.where('orders.user_id', '=', search.userId);
  if (search.since) query = query.where('orders.created_at', '>=', search.since);
  if (search.until) query = query.where('orders.created_at', '<', search.until);
  if (search.text) {
    const like = `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('orders.code', 'like', like),
        eb('orders.delivery_phone', 'like', like),
        eb('orders.delivery_address', 'like', like),
        eb('users.username', 'like', like),
        eb(eb.fn('concat_ws', [eb.val(' '), 'users.first_name', 'users.last_name']), 'like', like),
      ]),
    );
  }
  const [orders, count] = await Promise.all([
    query.selectAll('orders').orderBy('orders.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { orders, total: Number(count.n) };
}

/** The orders a product appears in, with their status. */
export function ordersContainingProduct(db: Executor, productId: number) {
  return db
    .selectFrom('order_items as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .select(['o.code', 'o.status'])
    .where('i.product_id', '=', productId)
    .execute();
}

export async function countOrdersOfUser(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateOrder(db: Executor, id: number, set: Updateable<OrdersTable>): Promise<void> {
  await db.updateTable('orders').set(set).where('id', '=', id).execute();
}
