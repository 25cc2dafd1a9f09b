import { type Kysely, sql } from 'kysely';

/**
 * Long polling may confirm an update to Telegram while it is still being handled (a slow one holding back the
 * window); it first parks the update's JSON in its claim row, so another process can handle it if this one dies.
 * The index finds parked updates whose claim lapsed unfinished without reading the whole table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_updates').addColumn('payload', sql`mediumtext`).execute();
  await db.schema
    .createIndex('webhook_updates_lapsed')
    .on('webhook_updates')
    .columns(['finished_at', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_updates_lapsed').on('webhook_updates').execute();
  await db.schema.alterTable('webhook_updates').dropColumn('payload').execute();
}
