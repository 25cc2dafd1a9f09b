import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

/**
 * The support inbox: a customer's Help messages and the staff's replies form a thread. A customer has at most one
 * open thread (`open_user_id` is their id while the thread is open, null after, and unique), so new messages join it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_threads')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('status', sql`enum('open','closed')`, (c) => c.notNull().defaultTo('open'))
    .addColumn('open_user_id', 'bigint', (c) =>
      c.generatedAlwaysAs(sql`case when status = 'open' then user_id end`).stored(),
    )
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('last_message_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('closed_at', sql`datetime(3)`)
    .addCheckConstraint('support_threads_closed_at', sql`(status = 'closed') = (closed_at is not null)`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('support_threads_one_open')
    .on('support_threads')
    .column('open_user_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('support_threads_recent')
    .on('support_threads')
    .columns(['status', 'last_message_at'])
    .execute();

  await db.schema
    .createTable('support_messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('thread_id', 'integer', (c) =>
      c.notNull().references('support_threads.id').onDelete('cascade'),
    )
    .addColumn('sender', sql`enum('customer','staff')`, (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull())
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('support_messages_thread')
    .on('support_messages')
    .columns(['thread_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('support_messages').execute();
  await db.schema.dropTable('support_threads').execute();
}
