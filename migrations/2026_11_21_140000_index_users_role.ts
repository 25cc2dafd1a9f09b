import type { Kysely } from 'kysely';

/** Every placed order notifies the staff: find them by role through an index, not a scan of all customers. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('users_role').on('users').column('role').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_role').on('users').execute();
}
