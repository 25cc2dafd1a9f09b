import { type Kysely, sql } from 'kysely';

/**
 * The updates Telegram delivered to the webhook: who is handling each one and until when (a claim that lapses if
 * the process dies), and when it was finished. Telegram sends an update again when it got no answer, possibly to
 * another process; this row makes every process agree it is handled once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_updates')
    .addColumn('update_id', 'bigint', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(100)', (c) => c.notNull())
    .addColumn('claimed_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('finished_at', sql`datetime(3)`)
    .modifyEnd(sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`)
    .execute();
  await db.schema
    .createIndex('webhook_updates_claimed_at')
    .on('webhook_updates')
    .column('claimed_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_updates').execute();
}
