import type { Executor } from '../db/transaction.js';

export async function setProductPhoto(db: Executor, productId: number, fileId: string | null, now: Date) {
  await db
    .updateTable('products')
    .set({ photo_file_id: fileId, updated_at: now })
    .where('id', '=', productId)
    .execute();
}
