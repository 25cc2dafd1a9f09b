import type { Db } from '../db/connection.js';
import { inTransaction } from '../db/transaction.js';
import { lockOwnerCandidates, setRole } from './users.repository.js';

export interface OwnerChange {
  /** Users who held the owner role without being OWNER_ID, now customers. */
  demoted: number[];
  /** Whether OWNER_ID's user was given the owner role now (false when it already had it or has not joined). */
  promoted: boolean;
}

/**
 * Makes the stored roles agree with OWNER_ID: its user is the owner, anyone else who was becomes a customer.
 * Without OWNER_ID the shop has no owner. Running it twice changes nothing the second time.
 */
export function syncOwnerRole(db: Db, ownerId: number | undefined): Promise<OwnerChange> {
  return inTransaction(db, async (trx) => {
    const rows = await lockOwnerCandidates(trx, ownerId);
    const demoted = rows.filter((r) => r.role === 'owner' && r.id !== ownerId).map((r) => r.id);
    const promoted = rows.some((r) => r.id === ownerId && r.role !== 'owner');
    await setRole(trx, demoted, 'user');
    if (promoted && ownerId !== undefined) await setRole(trx, [ownerId], 'owner');
    return { demoted, promoted };
  });
}
