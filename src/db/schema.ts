import type { ColumnType, Generated, Selectable } from 'kysely';

/** A column the database fills in on insert but that may be given explicitly. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type Role = 'user' | 'admin' | 'owner';
export type OrderStatus = 'reserved' | 'confirmed' | 'delivered' | 'cancelled' | 'expired';
export type PaymentMethod = 'btc' | 'cod';
export type InventoryKind = 'reserve' | 'release' | 'deduct' | 'adjust';
export type BonusKind = 'referral_credit' | 'order_debit' | 'order_refund' | 'adjustment';
export type OutboxStatus = 'pending' | 'sent' | 'failed';
export type SupportStatus = 'open' | 'closed';
export type SupportSender = 'customer' | 'staff';
export type BroadcastAudience = 'all' | 'active' | 'buyers';
export type BroadcastStatus = 'queueing' | 'queued';
export type PaymentState = 'waiting' | 'seen' | 'underpaid' | 'paid' | 'overpaid' | 'late';

export interface UsersTable {
  id: number;
  username: string | null;
  first_name: Defaulted<string>;
  last_name: string | null;
  language_code: string | null;
  role: Defaulted<Role>;
  referrer_id: number | null;
  banned_at: Date | null;
  ban_reason: string | null;
  blocked_bot_at: Date | null;
  created_at: Defaulted<Date>;
}

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  created_at: Defaulted<Date>;
}

export interface ProductsTable {
  id: Generated<number>;
  category_id: number;
  name: string;
  description: Defaulted<string>;
  price: number;
  stock_quantity: Defaulted<number>;
  reserved_quantity: Defaulted<number>;
  active: Defaulted<boolean>;
  photo_file_id: string | null;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
}

export interface CartItemsTable {
  user_id: number;
  product_id: number;
  quantity: number;
  added_at: Defaulted<Date>;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Defaulted<Date>;
}

export interface BotSessionsTable {
  key: string;
  value: string;
  updated_at: Defaulted<Date>;
}

export interface OrdersTable {
  id: Generated<number>;
  code: string;
  user_id: number;
  status: OrderStatus;
  payment_method: PaymentMethod;
  subtotal: number;
  bonus_applied: Defaulted<number>;
  total: number;
  currency: string;
  delivery_address: string;
  delivery_phone: string;
  delivery_note: string | null;
  delivery_time: Date | null;
  reserved_until: Date;
  btc_address: string | null;
  btc_amount_sats: number | null;
  /** The rate (minor units per 1 BTC) the order was placed at; item edits reprice at it. */
  btc_rate: Defaulted<number | null>;
  cancel_reason: string | null;
  /** The checkout (its Confirm button) the customer placed the order from; unique per customer. */
  checkout_token: Defaulted<string | null>;
  created_at: Date;
  confirmed_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  expired_at: Date | null;
  updated_at: Date;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  product_name: string;
  unit_price: number;
  quantity: number;
}

export interface OrderStatusHistoryTable {
  id: Generated<number>;
  order_id: number;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor: string;
  note: string | null;
  created_at: Date;
}

export interface InventoryLogTable {
  id: Generated<number>;
  product_id: number;
  order_id: number | null;
  kind: InventoryKind;
  stock_delta: number;
  reserved_delta: number;
  stock_after: number;
  reserved_after: number;
  actor: string;
  reason: string | null;
  created_at: Date;
}

export interface CustomerProfilesTable {
  user_id: number;
  delivery_address: string | null;
  delivery_phone: string | null;
  delivery_note: string | null;
  total_spent: Defaulted<number>;
  completed_orders: Defaulted<number>;
  updated_at: Defaulted<Date>;
}

export interface BonusLedgerTable {
  id: Generated<number>;
  user_id: number;
  amount: number;
  balance_after: number;
  kind: BonusKind;
  order_id: number | null;
  note: string | null;
  created_at: Date;
  once_per_order: ColumnType<number | null, never, never>;
}

export interface ReferenceCodesTable {
  id: Generated<number>;
  code: string;
  creator_id: number | null;
  max_uses: Defaulted<number>;
  uses_count: Defaulted<number>;
  expires_at: Date | null;
  note: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
}

export interface ReferenceCodeUsesTable {
  id: Generated<number>;
  code_id: number;
  user_id: number;
  used_at: Date;
}

export interface BtcAddressesTable {
  id: Generated<number>;
  address: string;
  status: Defaulted<'available' | 'assigned'>;
  order_id: number | null;
  added_at: Date;
  assigned_at: Date | null;
  /** Set for addresses derived from BTC_XPUB. */
  derivation_index: Defaulted<number | null>;
}

export interface BtcPaymentsTable {
  order_id: number;
  state: Defaulted<PaymentState>;
  received_sats: Defaulted<number>;
  confirmed_sats: Defaulted<number>;
  confirmations: Defaulted<number>;
  marked_paid_by: string | null;
  checked_at: Date | null;
  paid_at: Date | null;
  updated_at: Date;
}

export interface BtcPaymentOutputsTable {
  order_id: number;
  txid: string;
  vout: number;
  value_sats: number;
  block_height: number | null;
  first_seen_at: Date;
}

export interface BtcDerivationTable {
  xpub: string;
  next_index: Defaulted<number>;
}

export interface NotificationOutboxTable {
  id: Generated<number>;
  chat_id: number;
  kind: string;
  payload: string;
  status: Defaulted<OutboxStatus>;
  attempts: Defaulted<number>;
  /** Parts of a split text Telegram has accepted; a resumed delivery starts after them. */
  parts_sent: Defaulted<number>;
  /** 0 is claimed first; broadcasts are queued at BROADCAST_PRIORITY so they never delay other messages. */
  priority: Defaulted<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** Broadcast messages claimed in one second (`slot`), by all processes together. */
export interface OutboxPaceTable {
  slot: Date;
  calls: number;
}

export interface ShopAlertsTable {
  name: string;
  raised_at: Date;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: Date;
}

export interface WebhookUpdatesTable {
  update_id: number;
  holder: string;
  claimed_at: Date;
  expires_at: Date;
  finished_at: Date | null;
  /** The update's JSON, kept while long polling confirmed it to Telegram before it was handled. */
  payload: string | null;
}

export interface SupportThreadsTable {
  id: Generated<number>;
  user_id: number;
  status: Defaulted<SupportStatus>;
  /** Generated: user_id while open, else null (unique: one open thread per customer). */
  open_user_id: ColumnType<number | null, never, never>;
  created_at: Date;
  last_message_at: Date;
  closed_at: Date | null;
}

export interface SupportMessagesTable {
  id: Generated<number>;
  thread_id: number;
  sender: SupportSender;
  text: string;
  created_at: Date;
}

export interface OrderNotesTable {
  id: Generated<number>;
  order_id: number;
  text: string;
  created_at: Date;
}

export interface BroadcastsTable {
  id: Generated<number>;
  text: string;
  html: Defaulted<boolean>;
  audience: BroadcastAudience;
  active_since: Date | null;
  product_id: number | null;
  status: Defaulted<BroadcastStatus>;
  cursor_user_id: Defaulted<number>;
  recipients: Defaulted<number>;
  created_at: Date;
  queued_at: Date | null;
  /** Telegram's file id of the photo sent with the text (uploaded once). */
  photo_file_id: Defaulted<string | null>;
}

export interface BroadcastRecipientsTable {
  broadcast_id: number;
  user_id: number;
  outbox_id: number;
}

export interface Database {
  users: UsersTable;
  categories: CategoriesTable;
  products: ProductsTable;
  cart_items: CartItemsTable;
  settings: SettingsTable;
  bot_sessions: BotSessionsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_status_history: OrderStatusHistoryTable;
  inventory_log: InventoryLogTable;
  customer_profiles: CustomerProfilesTable;
  bonus_ledger: BonusLedgerTable;
  reference_codes: ReferenceCodesTable;
  reference_code_uses: ReferenceCodeUsesTable;
  btc_addresses: BtcAddressesTable;
  notification_outbox: NotificationOutboxTable;
  outbox_pace: OutboxPaceTable;
  shop_alerts: ShopAlertsTable;
  job_leases: JobLeasesTable;
  webhook_updates: WebhookUpdatesTable;
  btc_payments: BtcPaymentsTable;
  btc_payment_outputs: BtcPaymentOutputsTable;
  btc_derivation: BtcDerivationTable;
  support_threads: SupportThreadsTable;
  support_messages: SupportMessagesTable;
  order_notes: OrderNotesTable;
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
}

export type User = Selectable<UsersTable>;
export type Category = Selectable<CategoriesTable>;
export type Product = Selectable<ProductsTable>;
export type Order = Selectable<OrdersTable>;
export type OrderItem = Selectable<OrderItemsTable>;
export type ReferenceCode = Selectable<ReferenceCodesTable>;
export type OutboxRow = Selectable<NotificationOutboxTable>;
export type BtcPayment = Selectable<BtcPaymentsTable>;
