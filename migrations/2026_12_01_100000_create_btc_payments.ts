import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

/**
 * Bitcoin payments watched on a block explorer: one row per order that took an address, the outputs seen
 * paying it, the rate an order was placed at, and the next index to derive from an extended public key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The rate a Bitcoin order was placed at (shop currency minor units per 1 BTC): item edits reprice at it.
  await db.schema.alterTable('orders').addColumn('btc_rate', 'bigint').execute();
  // An order with nothing to pay in BTC (bonus covers it all) takes no address.
  await sql`alter table orders drop constraint orders_btc_fields`.execute(db);
  await sql`alter table orders add constraint orders_btc_fields check (
    (payment_method = 'btc' and (btc_address is not null or total = 0))
    or (payment_method = 'cod' and btc_address is null and btc_amount_sats is null and btc_rate is null))`.execute(
    db,
  );
  await sql`alter table orders add constraint orders_btc_rate_positive check (btc_rate is null or btc_rate > 0)`.execute(
    db,
  );

  await db.schema
    .createTable('btc_payments')
    .addColumn('order_id', 'integer', (c) => c.primaryKey().references('orders.id').onDelete('restrict'))
    .addColumn('state', sql`enum('waiting','seen','underpaid','paid','overpaid','late')`, (c) =>
      c.notNull().defaultTo('waiting'),
    )
    .addColumn('received_sats', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_sats', 'bigint', (c) => c.notNull().defaultTo(0))
    // Confirmations of the least confirmed output counted (0 while any is in the mempool).
    .addColumn('confirmations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marked_paid_by', 'varchar(64)')
    .addColumn('checked_at', 'datetime')
    .addColumn('paid_at', 'datetime')
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addCheckConstraint(
      'btc_payments_amounts',
      sql`received_sats >= 0 and confirmed_sats >= 0 and confirmed_sats <= received_sats and confirmations >= 0`,
    )
    .addCheckConstraint('btc_payments_paid_at', sql`(state in ('paid','overpaid')) = (paid_at is not null)`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('btc_payments_state')
    .on('btc_payments')
    .columns(['state', 'order_id'])
    .execute();

  await db.schema
    .createTable('btc_payment_outputs')
    .addColumn('order_id', 'integer', (c) =>
      c.notNull().references('btc_payments.order_id').onDelete('cascade'),
    )
    .addColumn('txid', 'char(64)', (c) => c.notNull())
    .addColumn('vout', 'integer', (c) => c.notNull())
    .addColumn('value_sats', 'bigint', (c) => c.notNull())
    .addColumn('block_height', 'integer')
    .addColumn('first_seen_at', 'datetime', (c) => c.notNull())
    .addPrimaryKeyConstraint('btc_payment_outputs_pk', ['order_id', 'txid', 'vout'])
    .addCheckConstraint('btc_payment_outputs_value', sql`value_sats > 0 and vout >= 0`)
    .modifyEnd(tableOptions)
    .execute();

  // Addresses derived from an extended public key: the next index per key, advanced under a row lock.
  await db.schema
    .createTable('btc_derivation')
    .addColumn('xpub', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('next_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('btc_derivation_index', sql`next_index >= 0`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.alterTable('btc_addresses').addColumn('derivation_index', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('btc_addresses').dropColumn('derivation_index').execute();
  for (const table of ['btc_derivation', 'btc_payment_outputs', 'btc_payments']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table orders drop constraint orders_btc_rate_positive`.execute(db);
  await sql`alter table orders drop constraint orders_btc_fields`.execute(db);
  await sql`alter table orders add constraint orders_btc_fields check (
    (payment_method = 'btc' and btc_address is not null)
    or (payment_method = 'cod' and btc_address is null and btc_amount_sats is null))`.execute(db);
  await db.schema.alterTable('orders').dropColumn('btc_rate').execute();
}
