import type { Insertable } from 'kysely';
import type { ReferenceCode, ReferenceCodesTable } from '../db/schema.js';
import type { Executor } from '../db/transaction.js';

export function findRefCode(db: Executor, code: string): Promise<ReferenceCode | undefined> {
  return db.selectFrom('reference_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

export function lockRefCode(trx: Executor, code: string): Promise<ReferenceCode | undefined> {
  return trx
    .selectFrom('reference_codes')
    .selectAll()
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
}

/** Counts one use of the code by the user. */
export async function recordRefCodeUse(
  trx: Executor,
  codeId: number,
  userId: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('reference_codes')
    .set((eb) => ({ uses_count: eb('uses_count', '+', 1) }))
    .where('id', '=', codeId)
    .execute();
  await trx
    .insertInto('reference_code_uses')
    .values({ code_id: codeId, user_id: userId, used_at: now })
    .execute();
}

export async function insertRefCode(db: Executor, values: Insertable<ReferenceCodesTable>): Promise<void> {
  await db.insertInto('reference_codes').values(values).execute();
}

/** Disables the code unless it already is (the first reason stays). */
export async function disableRefCode(
  db: Executor,
  id: number,
  now: Date,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('reference_codes')
    .set({ disabled_at: now, disabled_reason: reason })
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .execute();
}

/** Newest first, optionally only one creator's. */
export function listRefCodes(db: Executor, creatorId?: number): Promise<ReferenceCode[]> {
  let query = db.selectFrom('reference_codes').selectAll().orderBy('id', 'desc');
  if (creatorId !== undefined) query = query.where('creator_id', '=', creatorId);
  return query.execute();
}

/** How many people joined with codes this user created. */
export async function countReferred(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('referrer_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every reference code, oldest first, streamed row by row. */
export function streamRefcodesForExport(db: Executor) {
  return db.selectFrom('reference_codes').selectAll().orderBy('id').stream();
}
