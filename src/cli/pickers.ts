import type { OrderStatus } from '../db/schema.js';
import { displayMoney } from '../shared/money.js';
import { RefusedError } from './errors.js';
import { customerLabel } from './presenters.js';
import type { Runtime } from './runtime.js';

/**
 * Terminal pick-lists for commands run without the argument that names what to act on. They open the shop
 * themselves, so a missing argument without a terminal is a usage error before any database work.
 */

function nothing(message: string): never {
  throw new RefusedError(message);
}

export async function pickOrder(
  rt: Runtime,
  statuses: readonly OrderStatus[],
  message: string,
): Promise<string> {
  const shop = await rt.shop.open();
  const lists = await Promise.all(
    statuses.map((status) => shop.services.orders.list({ status, limit: 100 })),
  );
  const orders = lists.flat().sort((a, b) => b.id - a.id);
  if (orders.length === 0) nothing(`There are no ${statuses.join(' or ')} orders.`);
  return rt.prompter.select({
    message,
    choices: orders.map((o) => ({
      name: `${o.code}  ${o.status}  ${displayMoney(o.total, o.currency)}  ${customerLabel(o.customer)}`,
      value: o.code,
    })),
  });
}

export async function pickProduct(rt: Runtime, message: string): Promise<string> {
  const shop = await rt.shop.open();
  const products = await shop.services.inventory.list();
  if (products.length === 0) nothing('There are no products yet; add one with "shopctl product add".');
  return rt.prompter.select({
    message,
    choices: products.map((p) => ({
      name: `${p.name}  (${p.category}, ${p.available} available${p.active ? '' : ', inactive'})`,
      value: String(p.id),
    })),
  });
}

export async function pickCategory(rt: Runtime, message: string): Promise<string> {
  const shop = await rt.shop.open();
  const categories = await shop.services.catalog.listCategories();
  if (categories.length === 0) nothing('There are no categories yet; add one with "shopctl category add".');
  return rt.prompter.select({
    message,
    choices: categories.map((c) => ({ name: `${c.name}  (${c.products} products)`, value: c.name })),
  });
}

/** Picks one line of an open order, for removing it. */
export async function pickOrderItem(rt: Runtime, code: string, message: string) {
  const shop = await rt.shop.open();
  const order = await shop.services.orders.get(code);
  return rt.prompter.select({
    message,
    choices: order.items.map((i) => ({
      name: `${i.product_name} × ${i.quantity}`,
      value: String(i.product_id),
    })),
  });
}
