import type { Kysely } from 'kysely';

/** The retention job deletes by age: these let it find old sessions, delivered messages and idle cart lines fast. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('bot_sessions_updated_at').on('bot_sessions').column('updated_at').execute();
  await db.schema
    .createIndex('notification_outbox_status_sent_at')
    .on('notification_outbox')
    .columns(['status', 'sent_at'])
    .execute();
  await db.schema.createIndex('cart_items_added_at').on('cart_items').column('added_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cart_items_added_at').on('cart_items').execute();
  await db.schema.dropIndex('notification_outbox_status_sent_at').on('notification_outbox').execute();
  await db.schema.dropIndex('bot_sessions_updated_at').on('bot_sessions').execute();
}
