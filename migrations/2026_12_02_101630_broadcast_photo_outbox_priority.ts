import { type Kysely, sql } from 'kysely';

/**
 * A broadcast may carry a photo, uploaded to Telegram once: its file id is kept on the broadcast and every
 * recipient's message refers to it.
 *
 * Outbox rows get a priority (0 first): broadcast messages are queued at 1, so a broadcast to thousands of
 * customers never holds up an order notification behind it. The due index leads with it, so the worker's claim
 * (status, priority, due time) stays an index range.
 *
 * `outbox_pace` counts the broadcast messages claimed in each second by every bot process together, so a broadcast
 * keeps to a rate Telegram accepts however many processes send it; rows older than a minute are deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('broadcasts').addColumn('photo_file_id', 'varchar(255)').execute();
  await db.schema
    .alterTable('notification_outbox')
    .addColumn('priority', 'smallint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update notification_outbox set priority = 1 where kind = 'broadcast'`.execute(db);
  await db.schema.dropIndex('notification_outbox_due').on('notification_outbox').execute();
  await db.schema
    .createIndex('notification_outbox_due')
    .on('notification_outbox')
    .columns(['status', 'priority', 'next_attempt_at', 'id'])
    .execute();
  await db.schema
    .createTable('outbox_pace')
    .addColumn('slot', sql`datetime(0)`, (c) => c.primaryKey())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .modifyEnd(sql`engine = InnoDB`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_pace').execute();
  await db.schema.dropIndex('notification_outbox_due').on('notification_outbox').execute();
  await db.schema
    .createIndex('notification_outbox_due')
    .on('notification_outbox')
    .columns(['status', 'next_attempt_at', 'id'])
    .execute();
  await db.schema.alterTable('notification_outbox').dropColumn('priority').execute();
  await db.schema.alterTable('broadcasts').dropColumn('photo_file_id').execute();
}
