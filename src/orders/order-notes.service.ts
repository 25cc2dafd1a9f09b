import { inTransaction } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { insertOrderNote, orderNotes } from './order-notes.repository.js';
import { ORDER_NOTE_MAX } from './order-notes.schemas.js';
import { findOrderByCode, lockOrderByCode } from './orders.repository.js';

/** Staff-only notes on an order: shown in `order show`, never to the customer. */
export function createOrderNotesService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    /** Adds a note; the same text as the order's newest note is taken as a repeat and not added twice. */
    async add(code: string, text: string): Promise<{ added: boolean }> {
      const body = text.trim();
      if (!body) throw new ValidationError('The note is empty.');
      if ([...body].length > ORDER_NOTE_MAX)
        throw new ValidationError(`The note is longer than ${ORDER_NOTE_MAX} characters.`);
      return inTransaction(db, async (trx) => {
        const order = await lockOrderByCode(trx, code);
        if (!order) throw new NotFoundError('order', code);
        const newest = (await orderNotes(trx, order.id)).at(-1);
        if (newest?.text === body) return { added: false };
        await insertOrderNote(trx, order.id, body, clock.now());
        return { added: true };
      });
    },

    async list(code: string) {
      const order = await findOrderByCode(db, code);
      if (!order) throw new NotFoundError('order', code);
      return orderNotes(db, order.id);
    },
  };
}
