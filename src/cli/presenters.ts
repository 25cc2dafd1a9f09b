import type { ProductView } from '../catalog/catalog.schemas.js';
import type { User } from '../db/schema.js';
import type { OrderDetails } from '../orders/orders.schemas.js';
import type { RefCodeView } from '../refcodes/refcodes.service.js';
import type { SettingEntry } from '../settings/settings.service.js';
import { formatBtc, formatMoney } from '../shared/money.js';
import type { UserSummary } from '../users/users.service.js';
import { iso } from './output.js';

/** The JSON shapes shopctl prints: money as decimal strings, times as ISO 8601 UTC. */

export function orderJson(order: OrderDetails) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  return {
    code: order.code,
    status: order.status,
    payment_method: order.payment_method,
    customer: { telegram_id: order.customer.telegram_id, username: order.customer.username },
    items: order.items.map((item) => ({
      product_id: item.product_id,
      product: item.product_name,
      quantity: item.quantity,
      unit_price: money(item.unit_price),
    })),
    subtotal: money(order.subtotal),
    bonus_applied: money(order.bonus_applied),
    total: money(order.total),
    currency: order.currency,
    delivery_address: order.delivery_address,
    phone: order.delivery_phone,
    note: order.delivery_note,
    delivery_time: iso(order.delivery_time),
    reserved_until: iso(order.reserved_until),
    btc_address: order.btc_address,
    btc_amount: order.btc_amount_sats === null ? null : formatBtc(order.btc_amount_sats),
    created_at: iso(order.created_at),
  };
}

export function productJson(product: ProductView, currency: string) {
  return {
    id: product.id,
    name: product.name,
    category: product.category,
    price: formatMoney(product.price, currency),
    stock: product.stock_quantity,
    reserved: product.reserved_quantity,
    available: Number(product.available),
    active: product.active,
    photo: product.photo_file_id !== null,
  };
}

export function userJson(user: User) {
  return {
    telegram_id: user.id,
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    role: user.role,
    referrer_id: user.referrer_id,
    banned: user.banned_at !== null,
    banned_at: iso(user.banned_at),
    ban_reason: user.ban_reason,
    created_at: iso(user.created_at),
  };
}

export function userSummaryJson(user: UserSummary, currency: string) {
  return {
    ...userJson(user),
    orders: user.orders_count,
    completed_orders: user.completed_orders,
    total_spent: formatMoney(user.total_spent, currency),
    bonus_balance: formatMoney(user.bonus_balance, currency),
    currency,
  };
}

export function refcodeJson(code: RefCodeView) {
  return {
    code: code.code,
    state: code.state,
    uses: code.uses_count,
    max_uses: code.max_uses,
    expires_at: iso(code.expires_at),
    note: code.note,
    creator_id: code.creator_id,
    disabled_at: iso(code.disabled_at),
    disabled_reason: code.disabled_reason,
    created_at: iso(code.created_at),
  };
}

/** A setting's value as text: money settings as decimals, unset optional ones as "off". */
export function settingText(key: string, value: unknown, currency: string): string {
  if (value === null || value === undefined) return 'off';
  if (key === 'btc_rate' && typeof value === 'number') return formatMoney(value, currency);
  return String(value);
}

/** A setting's value for JSON: typed, with money as a decimal string. */
export function settingValue(key: string, value: unknown, currency: string): unknown {
  if (key === 'btc_rate') return typeof value === 'number' ? formatMoney(value, currency) : null;
  return value;
}

export function settingJson(entry: SettingEntry, currency: string) {
  return {
    key: entry.key,
    value: settingValue(entry.key, entry.value, currency),
    default: entry.isDefault,
    description: entry.description,
  };
}

/** "@alice (10001)" or "Alice (10001)". */
export function customerLabel(customer: { telegram_id: number; username: string | null; name?: string }) {
  const who = customer.username ? `@${customer.username}` : customer.name || 'customer';
  return `${who} (${customer.telegram_id})`;
}
