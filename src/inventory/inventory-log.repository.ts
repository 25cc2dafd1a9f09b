import type { Executor } from '../db/transaction.js';

/** How many stock movements the log holds, for one product or all. */
export async function countInventoryMoves(db: Executor, productId?: number): Promise<number> {
  const row = await db
    .selectFrom('inventory_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(productId !== undefined, (q) => q.where('product_id', '=', productId as number))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
