import { type Kysely, sql } from 'kysely';

const tableOptions = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`;

export async function up(db: Kysely<any>): Promise<void> {
  // users.id is the Telegram user id.
  await db.schema
    .createTable('users')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)')
    .addColumn('first_name', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'varchar(128)')
    .addColumn('language_code', 'varchar(16)')
    .addColumn('role', sql`enum('user','admin','owner')`, (c) => c.notNull().defaultTo('user'))
    .addColumn('referrer_id', 'bigint', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('banned_at', 'datetime')
    .addColumn('ban_reason', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addCheckConstraint('users_id_positive', sql`id > 0`)
    .addCheckConstraint('users_not_own_referrer', sql`referrer_id is null or referrer_id <> id`)
    .addCheckConstraint('users_ban_reason_needs_ban', sql`ban_reason is null or banned_at is not null`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema.createIndex('users_referrer').on('users').column('referrer_id').execute();
  await db.schema.createIndex('users_username').on('users').column('username').execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addCheckConstraint('categories_name_not_blank', sql`trim(name) <> ''`)
    .modifyEnd(tableOptions)
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('restrict'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('stock_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('photo_file_id', 'varchar(255)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addCheckConstraint('products_name_not_blank', sql`trim(name) <> ''`)
    .addCheckConstraint('products_price_non_negative', sql`price >= 0`)
    .addCheckConstraint('products_reserved_non_negative', sql`reserved_quantity >= 0`)
    .addCheckConstraint('products_stock_covers_reserved', sql`stock_quantity >= reserved_quantity`)
    .modifyEnd(tableOptions)
    .execute();
  await db.schema
    .createIndex('products_category_listing')
    .on('products')
    .columns(['category_id', 'active', 'id'])
    .execute();

  await db.schema
    .createTable('cart_items')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addPrimaryKeyConstraint('cart_items_pk', ['user_id', 'product_id'])
    .addCheckConstraint('cart_items_quantity_positive', sql`quantity > 0`)
    .modifyEnd(tableOptions)
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .modifyEnd(tableOptions)
    .execute();

  await db.schema
    .createTable('bot_sessions')
    .addColumn('key', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('value', sql`mediumtext`, (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(sql`current_timestamp`))
    .addCheckConstraint('bot_sessions_value_json', sql`json_valid(value)`)
    .modifyEnd(tableOptions)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['bot_sessions', 'settings', 'cart_items', 'products', 'categories', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
