import { type Kysely, sql } from 'kysely';

/**
 * When Telegram last answered that the customer has blocked the bot. Set by the outbox on a 403 "bot was blocked",
 * cleared as soon as the customer writes to the bot again; broadcasts and notifications skip such customers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('blocked_bot_at', sql`datetime(3)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('blocked_bot_at').execute();
}
