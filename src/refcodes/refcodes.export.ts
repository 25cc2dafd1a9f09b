import type { Db } from '../db/connection.js';

/** Every reference code, oldest first, streamed row by row. */
export function streamRefcodesForExport(db: Db) {
  return db.selectFrom('reference_codes').selectAll().orderBy('id').stream();
}
