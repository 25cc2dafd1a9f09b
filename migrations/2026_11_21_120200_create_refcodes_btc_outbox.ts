import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reference_codes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    // Null when the shop itself (the owner at the terminal) issued the code.
    .addColumn('creator_id', 'bigint', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('max_uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uses_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'datetime')
    .addColumn('note', 'varchar(500)')
    .addColumn('disabled_at', 'datetime')
    .addColumn('disabled_reason', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addCheckConstraint('reference_codes_max_uses_non_negative', sql`max_uses >= 0`)
    .addCheckConstraint(
      'reference_codes_uses_within_max',
      sql`uses_count >= 0 and (max_uses = 0 or uses_count <= max_uses)`,
    )
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('reference_codes_creator')
    .on('reference_codes')
    .columns(['creator_id', 'id'])
    .execute();

  await db.schema
    .createTable('reference_code_uses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code_id', 'integer', (c) => c.notNull().references('reference_codes.id').onDelete('restrict'))
    // A person joins once, with one code.
    .addColumn('user_id', 'bigint', (c) => c.notNull().unique().references('users.id').onDelete('restrict'))
    .addColumn('used_at', 'datetime', (c) => c.notNull())
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('reference_code_uses_code')
    .on('reference_code_uses')
    .column('code_id')
    .execute();

  await db.schema
    .createTable('btc_addresses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('address', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('status', sql`enum('available','assigned')`, (c) => c.notNull().defaultTo('available'))
    .addColumn('order_id', 'integer', (c) => c.unique().references('orders.id').onDelete('restrict'))
    .addColumn('added_at', 'datetime', (c) => c.notNull())
    .addColumn('assigned_at', 'datetime')
    .addCheckConstraint(
      'btc_addresses_assignment',
      sql`(status = 'available' and order_id is null and assigned_at is null)
        or (status = 'assigned' and order_id is not null and assigned_at is not null)`,
    )
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.createIndex('btc_addresses_status').on('btc_addresses').columns(['status', 'id']).execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', sql`enum('pending','sent','failed')`, (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'datetime', (c) => c.notNull())
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('sent_at', 'datetime')
    .addCheckConstraint('notification_outbox_payload_json', sql`json_valid(payload)`)
    .addCheckConstraint('notification_outbox_attempts_non_negative', sql`attempts >= 0`)
    .addCheckConstraint('notification_outbox_sent_at', sql`(status = 'sent') = (sent_at is not null)`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('notification_outbox_due')
    .on('notification_outbox')
    .columns(['status', 'next_attempt_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notification_outbox', 'btc_addresses', 'reference_code_uses', 'reference_codes']) {
    await db.schema.dropTable(table).execute();
  }
}
