import { type Kysely, sql } from 'kysely';

/**
 * How many parts of an outbox message Telegram has already accepted. A text over Telegram's 4,096 characters
 * goes out in parts; after a crash or a failed part the delivery resumes after the last part sent, never repeating
 * one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notification_outbox')
    .addColumn('parts_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`alter table notification_outbox add constraint notification_outbox_parts_sent check (parts_sent >= 0)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notification_outbox drop constraint notification_outbox_parts_sent`.execute(db);
  await db.schema.alterTable('notification_outbox').dropColumn('parts_sent').execute();
}
