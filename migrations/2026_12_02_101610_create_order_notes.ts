import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

/** Staff-only notes on an order (`shopctl order note`); the customer never sees them. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('text', 'varchar(2000)', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull())
    .addCheckConstraint('order_notes_not_blank', sql`trim(text) <> ''`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.createIndex('order_notes_order').on('order_notes').columns(['order_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('order_notes').execute();
}
