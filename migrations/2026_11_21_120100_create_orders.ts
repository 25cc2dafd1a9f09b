import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;
const orderStatus = sql`enum('reserved','confirmed','delivered','cancelled','expired')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'char(6)', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('status', orderStatus, (c) => c.notNull())
    .addColumn('payment_method', sql`enum('btc','cod')`, (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('bonus_applied', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('delivery_address', 'varchar(300)', (c) => c.notNull())
    .addColumn('delivery_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('delivery_note', 'varchar(300)')
    .addColumn('delivery_time', 'datetime')
    .addColumn('reserved_until', 'datetime', (c) => c.notNull())
    // An address appears on at most one order, ever: the unique key makes reuse impossible.
    .addColumn('btc_address', 'varchar(100)', (c) => c.unique())
    .addColumn('btc_amount_sats', 'bigint')
    .addColumn('cancel_reason', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('confirmed_at', 'datetime')
    .addColumn('delivered_at', 'datetime')
    .addColumn('cancelled_at', 'datetime')
    .addColumn('expired_at', 'datetime')
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addCheckConstraint('orders_code_format', sql`code regexp '^[A-Z]{6}$'`)
    .addCheckConstraint('orders_money_non_negative', sql`subtotal >= 0 and bonus_applied >= 0 and total >= 0`)
    .addCheckConstraint('orders_bonus_within_subtotal', sql`bonus_applied <= subtotal`)
    .addCheckConstraint('orders_total_is_subtotal_less_bonus', sql`total = subtotal - bonus_applied`)
    .addCheckConstraint(
      'orders_btc_fields',
      sql`(payment_method = 'btc' and btc_address is not null)
        or (payment_method = 'cod' and btc_address is null and btc_amount_sats is null)`,
    )
    .addCheckConstraint('orders_btc_amount_positive', sql`btc_amount_sats is null or btc_amount_sats > 0`)
    .addCheckConstraint(
      'orders_status_timestamps',
      sql`(status not in ('confirmed','delivered') or confirmed_at is not null)
        and (status <> 'delivered' or delivered_at is not null)
        and (status <> 'cancelled' or cancelled_at is not null)
        and (status <> 'expired' or expired_at is not null)`,
    )
    .modifyEnd(tableOptions)
    .execute();
  // The expiry pass reads only due reserved orders; customers list their own orders newest first.
  await db.schema
    .createIndex('orders_status_reserved_until')
    .on('orders')
    .columns(['status', 'reserved_until'])
    .execute();
  await db.schema.createIndex('orders_user').on('orders').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('orders_status_id').on('orders').columns(['status', 'id']).execute();

  await db.schema
    .createTable('order_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('restrict'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('restrict'))
    .addColumn('product_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addUniqueConstraint('order_items_order_product', ['order_id', 'product_id'])
    .addCheckConstraint('order_items_quantity_positive', sql`quantity > 0`)
    .addCheckConstraint('order_items_price_non_negative', sql`unit_price >= 0`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.createIndex('order_items_product').on('order_items').column('product_id').execute();

  await db.schema
    .createTable('order_status_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('restrict'))
    .addColumn('from_status', orderStatus)
    .addColumn('to_status', orderStatus, (c) => c.notNull())
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('order_status_history_order')
    .on('order_status_history')
    .columns(['order_id', 'id'])
    .execute();

  await db.schema
    .createTable('inventory_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('order_id', 'integer', (c) => c.references('orders.id').onDelete('restrict'))
    .addColumn('kind', sql`enum('reserve','release','deduct','adjust')`, (c) => c.notNull())
    .addColumn('stock_delta', 'integer', (c) => c.notNull())
    .addColumn('reserved_delta', 'integer', (c) => c.notNull())
    .addColumn('stock_after', 'integer', (c) => c.notNull())
    .addColumn('reserved_after', 'integer', (c) => c.notNull())
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addCheckConstraint(
      'inventory_log_after_valid',
      sql`reserved_after >= 0 and stock_after >= reserved_after`,
    )
    .addCheckConstraint(
      'inventory_log_order_kinds',
      sql`(kind = 'adjust' and order_id is null) or (kind <> 'adjust' and order_id is not null)`,
    )
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('inventory_log_product')
    .on('inventory_log')
    .columns(['product_id', 'id'])
    .execute();

  await db.schema
    .createTable('customer_profiles')
    .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('delivery_address', 'varchar(300)')
    .addColumn('delivery_phone', 'varchar(32)')
    .addColumn('delivery_note', 'varchar(300)')
    .addColumn('total_spent', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_orders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addCheckConstraint(
      'customer_profiles_totals_non_negative',
      sql`total_spent >= 0 and completed_orders >= 0`,
    )
    .modifyEnd(tableOptions)
    .execute();

  // Every change to a customer's bonus is a row; balance_after carries the running sum, which can never go
  // below zero. Writers lock the user's row first, so the running sum is always the sum of amounts.
  await db.schema
    .createTable('bonus_ledger')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('kind', sql`enum('referral_credit','order_debit','order_refund','adjustment')`, (c) =>
      c.notNull(),
    )
    .addColumn('order_id', 'integer', (c) => c.references('orders.id').onDelete('restrict'))
    .addColumn('note', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    // Set only for the entries an order may have once (its debit, its referral credit); refunds may repeat
    // when items are removed from an open order.
    .addColumn('once_per_order', 'integer', (c) =>
      c.generatedAlwaysAs(sql`if(kind in ('order_debit','referral_credit'), order_id, null)`).stored(),
    )
    .addCheckConstraint('bonus_ledger_amount_nonzero', sql`amount <> 0`)
    .addCheckConstraint('bonus_ledger_balance_non_negative', sql`balance_after >= 0`)
    .addCheckConstraint(
      'bonus_ledger_kind_sign',
      sql`(kind = 'order_debit' and amount < 0) or (kind in ('referral_credit','order_refund') and amount > 0)
        or kind = 'adjustment'`,
    )
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.createIndex('bonus_ledger_user').on('bonus_ledger').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('bonus_ledger_once_per_order')
    .on('bonus_ledger')
    .columns(['once_per_order', 'kind'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'bonus_ledger',
    'customer_profiles',
    'inventory_log',
    'order_status_history',
    'order_items',
    'orders',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
