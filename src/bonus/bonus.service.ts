import type { ServiceDeps } from '../service-deps.js';
import { bonusBalance, bonusLedger } from './bonus.repository.js';

export function createBonusService({ db }: ServiceDeps) {
  return {
    balance: (userId: number) => bonusBalance(db, userId),

    /** Newest first, with the order code an entry belongs to. */
    ledger: (userId: number, limit = 20) => bonusLedger(db, userId, limit),
  };
}
