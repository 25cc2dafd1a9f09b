import { inTransaction } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { ValidationError } from '../shared/errors.js';
import { lockUsers } from '../users/users.repository.js';
import { bonusBalance, postBonus } from './bonus.repository.js';

export function createBonusService({ db, clock }: ServiceDeps) {
  return {
    balance: (userId: number) => bonusBalance(db, userId),

    /** Newest first, with the order code an entry belongs to. */
    ledger(userId: number, limit = 20) {
      return db
        .selectFrom('bonus_ledger as b')
        .leftJoin('orders as o', 'o.id', 'b.order_id')
        .select([
          'b.id',
          'b.amount',
          'b.balance_after',
          'b.kind',
          'b.note',
          'b.created_at',
          'o.code as order_code',
        ])
        .where('b.user_id', '=', userId)
        .orderBy('b.id', 'desc')
        .limit(limit)
        .execute();
    },

    /** A manual correction by the owner (positive or negative); never below zero. */
    async adjust(userId: number, amount: number, note: string): Promise<number> {
      if (!Number.isSafeInteger(amount) || amount === 0)
        throw new ValidationError('The adjustment must be non-zero.');
      return inTransaction(db, async (trx) => {
        await lockUsers(trx, [userId]);
        const balance = await bonusBalance(trx, userId);
        if (balance + amount < 0) {
          throw new ValidationError(`The bonus balance is ${balance}; it cannot go below zero.`, { balance });
        }
        return postBonus(trx, { userId, amount, kind: 'adjustment', note, now: clock.now() });
      });
    },
  };
}
