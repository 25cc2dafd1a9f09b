import type { BonusChoice } from '../orders/orders.schemas.js';
import type { ServiceDeps } from '../service-deps.js';
import { bonusBalance, bonusLedger } from './bonus.repository.js';

/** What an order takes from the balance: the customer's choice, never more than the balance or the subtotal. */
export function bonusToApply(choice: BonusChoice, balance: number, subtotal: number): number {
  const wanted = choice === 'all' ? balance : choice === 'none' ? 0 : choice;
  return Math.max(0, Math.min(wanted, balance, subtotal));
}

export type SpendCheck = 'ok' | 'not_positive' | 'over_balance';

export function createBonusService({ db }: ServiceDeps) {
  return {
    balance: (userId: number) => bonusBalance(db, userId),

    /** Newest first, with the order code an entry belongs to. */
    ledger: (userId: number, limit = 20) => bonusLedger(db, userId, limit),

    /** Whether a customer may ask to spend this amount: above zero and within their balance. */
    async checkSpend(userId: number, amount: number): Promise<SpendCheck> {
      if (amount <= 0) return 'not_positive';
      return amount > (await bonusBalance(db, userId)) ? 'over_balance' : 'ok';
    },
  };
}
