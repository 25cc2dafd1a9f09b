import { type Kysely, sql } from 'kysely';

/** Alerts that must be raised once per occurrence (e.g. "the BTC pool is low"): a row means raised. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shop_alerts')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('raised_at', 'datetime', (c) => c.notNull())
    .modifyEnd(sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shop_alerts').execute();
}
