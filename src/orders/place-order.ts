import { bonusBalance, postBonus } from '../bonus/bonus.repository.js';
import { bonusToApply } from '../bonus/bonus.service.js';
import { takeOrderAddress } from '../btc/address-source.js';
import { assignAddress } from '../btc/btc.repository.js';
import { alertIfPoolLow } from '../btc/pool-alert.js';
import { cartProducts, clearCart } from '../cart/cart.repository.js';
import type { Order, Product } from '../db/schema.js';
import { type Executor, inTransaction, isDuplicateKey } from '../db/transaction.js';
import { lockProducts, reserveStock } from '../inventory/inventory.repository.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import { insertPayment } from '../payments/payments.repository.js';
import { refuseStaleRate } from '../payments/rate-freshness.js';
import type { ServiceDeps } from '../service-deps.js';
import { addHours } from '../shared/clock.js';
import {
  BannedError,
  ConflictError,
  EmptyCartError,
  NotFoundError,
  OutOfStockError,
  ValidationError,
} from '../shared/errors.js';
import { fiatToSats } from '../shared/money.js';
import { lockUser, saveDeliveryDetails, staffChatIds } from '../users/users.repository.js';
import { insertOrderItems } from './order-items.repository.js';
import { checkOrderLimits } from './order-limits.js';
import { recordStatus } from './order-status.repository.js';
import { findOrderByCheckout, insertOrder, withDetails } from './orders.repository.js';
import type { OrderDetails, OrderLine, PlacedOrder } from './orders.schemas.js';
import { type PlaceOrderInput, placeOrderInput } from './orders.schemas.js';

type CartLine = { product_id: number; quantity: number };

/** Checks every line against the products; returns the lines as order items at the products' prices. */
function priceLines(lines: CartLine[], products: Map<number, Product>): Omit<OrderLine, 'order_id'>[] {
  const withdrawn = lines.find((line) => !products.get(line.product_id)?.active);
  if (withdrawn) {
    const name = products.get(withdrawn.product_id)?.name ?? `#${withdrawn.product_id}`;
    throw new OutOfStockError(name, 0, withdrawn.quantity);
  }
  return lines.map((line) => {
    const product = products.get(line.product_id) as Product;
    const available = product.stock_quantity - product.reserved_quantity;
    if (available < line.quantity) throw new OutOfStockError(product.name, available, line.quantity);
    return {
      product_id: product.id,
      product_name: product.name,
      unit_price: product.price,
      quantity: line.quantity,
    };
  });
}

const subtotalOf = (items: readonly Omit<OrderLine, 'order_id'>[]) =>
  items.reduce((sum, i) => sum + i.unit_price * i.quantity, 0);

/** The cart's lines with their products as they are now, without locking them. */
async function readCart(trx: Executor, userId: number) {
  const rows = await cartProducts(trx, userId);
  return {
    lines: rows.map((row) => ({ product_id: row.id, quantity: row.cart_quantity })),
    products: new Map<number, Product>(rows.map(({ cart_quantity: _, ...product }) => [product.id, product])),
  };
}

/** The order placed from checkout `token`, if any: placing it again shows that order. */
export async function placedBefore(db: Executor, userId: number, token: string | undefined) {
  const order = token ? await findOrderByCheckout(db, userId, token) : undefined;
  return order && { ...((await withDetails(db, [order]))[0] as OrderDetails), replayed: true };
}

/**
 * Turns the customer's cart into a reserved order, all or nothing, in one transaction: stock reserved, bonus
 * debited, a Bitcoin address taken for BTC orders, the order and its items written under a fresh code, the
 * cart cleared and the staff told. Any refusal leaves everything as it was, including the cart.
 *
 * A popular product is the bottleneck of a busy shop, so its row is locked as late and held as briefly as
 * possible: the order, its history, the cart, the saved details and the staff message are written from the
 * products as read without a lock (their prices as the checkout began). Then one conditional update locks the
 * products and reserves the stock, refusing a product that ran short or was withdrawn meanwhile; only the
 * reservation's log and the order's items are written while the rows stay locked.
 *
 * With a checkout token the placing is idempotent: the customer's row lock orders every attempt of one checkout,
 * from any process, and an attempt that finds the order placed returns it (`replayed`) and changes nothing. On a
 * Galera cluster, where row locks do not span nodes, the unique (user, token) key refuses the second order.
 */
export async function placeOrder(deps: ServiceDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const parsed = placeOrderInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues[0]?.message ?? 'The order is incomplete.');
  const data = parsed.data;
  const { db, clock, currency, settings } = deps;
  if (data.paymentMethod === 'btc') await refuseStaleRate(deps);

  const placed = await inTransaction(db, async (trx): Promise<PlacedOrder> => {
    const user = await lockUser(trx, data.userId);
    if (!user) throw new NotFoundError('user', data.userId);
    if (user.banned_at) throw new BannedError(user.id);
    const before = await placedBefore(trx, user.id, data.checkoutToken);
    if (before) return before;
    const { lines, products: current } = await readCart(trx, user.id);
    if (lines.length === 0) throw new EmptyCartError();
    const config = await settings.all(trx);
    const balance = data.bonus === 'none' ? 0 : await bonusBalance(trx, user.id);
    const staff = await staffChatIds(trx, deps.staffIds);
    // Refuses an order that is already short before anything is written; checked again under lock.
    const priced = priceLines(lines, current);

    const now = clock.now();
    const subtotal = subtotalOf(priced);
    const bonus = bonusToApply(data.bonus, balance, subtotal);
    const total = subtotal - bonus;
    await checkOrderLimits(trx, deps, {
      user,
      lines,
      needsAddress: data.paymentMethod === 'btc' && total > 0,
      config,
      now,
    });
    // Only what is left to pay after the bonus needs an address.
    const btc = data.paymentMethod === 'btc' && total > 0 ? await takeOrderAddress(trx, deps, now) : null;
    const rate = data.paymentMethod === 'btc' ? config.btc_rate : null;
    const values = {
      user_id: user.id,
      status: 'reserved' as const,
      payment_method: data.paymentMethod,
      subtotal,
      bonus_applied: bonus,
      total,
      currency,
      delivery_address: data.address,
      delivery_phone: data.phone,
      delivery_note: data.note,
      delivery_time: null,
      reserved_until: addHours(now, config.cash_order_timeout_hours),
      btc_address: btc?.address ?? null,
      btc_amount_sats: btc && rate ? fiatToSats(total, rate) : null,
      btc_rate: rate,
      cancel_reason: null,
      checkout_token: data.checkoutToken ?? null,
      created_at: now,
      confirmed_at: null,
      delivered_at: null,
      cancelled_at: null,
      expired_at: null,
      updated_at: now,
    };
    const { id, code } = await insertOrder(trx, values);
    const order: Order = { id, code, ...values };
    const actor = `customer:${user.id}`;
    await recordStatus(trx, [{ orderId: id, from: null, to: 'reserved', actor }], now);
    if (bonus > 0)
      await postBonus(trx, { userId: user.id, amount: -bonus, kind: 'order_debit', orderId: id, now });
    if (btc) {
      await assignAddress(trx, btc.id, id, now);
      await insertPayment(trx, id, now);
    }
    await clearCart(trx, user.id);
    await saveDeliveryDetails(trx, user.id, data, now);

    const items = priced.map((item) => ({ ...item, order_id: id }));
    const customer = {
      telegram_id: user.id,
      username: user.username,
      name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    };
    await enqueueNotification(trx, now, staff, 'order_placed', {
      code,
      customer,
      items: items.map((i) => ({ product: i.product_name, quantity: i.quantity, unit_price: i.unit_price })),
      subtotal,
      bonus_applied: bonus,
      total,
      currency,
      payment_method: data.paymentMethod,
      delivery_address: data.address,
      phone: data.phone,
      note: data.note,
      reserved_until: values.reserved_until.toISOString(),
    });

    // From here on the products are locked until commit: only availability is decided under the lock.
    const reserved = await reserveStock(
      trx,
      items.map((item) => ({ productId: item.product_id, quantity: item.quantity })),
      { orderId: id, actor, now },
    );
    if (!reserved) {
      // Name the product that ran short or was withdrawn since the read above.
      priceLines(
        lines,
        await lockProducts(
          trx,
          lines.map((line) => line.product_id),
        ),
      );
      throw new ConflictError('The stock changed while the order was being placed; please try again.');
    }
    await insertOrderItems(trx, items);
    return { ...order, items, customer, replayed: false };
  }).catch(async (error: unknown) => {
    const before = isDuplicateKey(error)
      ? await placedBefore(db, data.userId, data.checkoutToken)
      : undefined;
    if (!before) throw error;
    return before;
  });
  if (placed.btc_address && !deps.btcXpub && !placed.replayed) {
    // The order is committed: a failing alert is the staff's problem to hear about, never the customer's error.
    await alertIfPoolLow(deps).catch((error: unknown) =>
      deps.logger.warn({ err: error, order: placed.code }, 'could not check the Bitcoin address pool'),
    );
  }
  return placed;
}
