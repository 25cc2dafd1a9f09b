import type { Executor } from '../db/transaction.js';
import { selectProductViews } from './catalog.repository.js';
import type { ProductView } from './catalog.schemas.js';

/** `text` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Active products whose name or description contains every word. The columns' utf8mb4_unicode_ci collation makes
 * LIKE ignore case and accents ("creme" finds "Crème"). Name matches come first, then by name.
 */
export async function searchActiveProducts(
  db: Executor,
  words: readonly string[],
  window: { limit: number; offset: number },
): Promise<{ items: ProductView[]; total: number }> {
  const matching = () =>
    selectProductViews(db)
      .where('p.active', '=', true)
      .where((eb) =>
        eb.and(
          words.map((w) =>
            eb.or([eb('p.name', 'like', containing(w)), eb('p.description', 'like', containing(w))]),
          ),
        ),
      );
  const [items, count] = await Promise.all([
    matching()
      .orderBy((eb) =>
        eb
          .case()
          .when('p.name', 'like', containing(words[0] ?? ''))
          .then(0)
          .else(1)
          .end(),
      )
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(window.limit)
      .offset(window.offset)
      .execute(),
    matching()
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((p) => ({ ...p, available: Number(p.available) })), total: Number(count.n) };
}
