import type { Kysely } from 'kysely';

/**
 * The checkout an order was placed from: the Confirm button carries a random token, and one customer's token
 * names at most one order. A Confirm sent again (a double tap, an update re-delivered after a crash, two bot
 * processes handling it at once) finds the order already placed instead of placing a second one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('checkout_token', 'varchar(32)').execute();
  await db.schema
    .createIndex('orders_user_checkout_token')
    .on('orders')
    .columns(['user_id', 'checkout_token'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_user_checkout_token').on('orders').execute();
  await db.schema.alterTable('orders').dropColumn('checkout_token').execute();
}
