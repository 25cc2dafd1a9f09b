import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

/**
 * Broadcasts: one message to many customers, queued in the outbox batch by batch. `cursor_user_id` is the last
 * customer queued, so a crashed run resumes after it; the recipients' primary key makes a second queueing of
 * the same customer impossible, and links each to its outbox row for the delivery report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('audience', sql`enum('all','active','buyers')`, (c) => c.notNull())
    .addColumn('active_since', sql`datetime(3)`)
    .addColumn('product_id', 'integer', (c) => c.references('products.id').onDelete('restrict'))
    .addColumn('status', sql`enum('queueing','queued')`, (c) => c.notNull().defaultTo('queueing'))
    .addColumn('cursor_user_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('queued_at', sql`datetime(3)`)
    .addCheckConstraint('broadcasts_active_since', sql`(audience = 'active') = (active_since is not null)`)
    .addCheckConstraint('broadcasts_product', sql`(audience = 'buyers') = (product_id is not null)`)
    .modifyEnd(tableOptions)
    .execute();

  await db.schema
    .createTable('broadcast_recipients')
    .addColumn('broadcast_id', 'integer', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('outbox_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_recipients_pk', ['broadcast_id', 'user_id'])
    .modifyEnd(tableOptions)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('broadcast_recipients').execute();
  await db.schema.dropTable('broadcasts').execute();
}
