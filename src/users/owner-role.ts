import type { Db } from '../db/connection.js';
import { inTransaction } from '../db/transaction.js';
import { lockOwnerCandidates, lockStoredAdmins, setRole } from './users.repository.js';

export interface RoleChange {
  /** Users who held the owner role without being OWNER_ID, now customers. */
  demoted: number[];
  /** Whether OWNER_ID's user was given the owner role now (false when it already had it or has not joined). */
  promoted: boolean;
  /**
   * ADMIN_IDS members whose admin role was stored (they joined while listed, before the role stopped being
   * stored): now stored as customers, still admins through ADMIN_IDS while they stay on it.
   */
  unstored: number[];
}

/**
 * Makes the stored roles agree with the environment: OWNER_ID's user is the owner, anyone else who was becomes
 * a customer (without OWNER_ID the shop has no owner), and no one on ADMIN_IDS keeps a stored admin role, so
 * leaving the list ends their staff rights. Running it twice changes nothing the second time.
 */
export function syncRoles(
  db: Db,
  ownerId: number | undefined,
  adminIds: readonly number[],
): Promise<RoleChange> {
  return inTransaction(db, async (trx) => {
    // Runs once at start; a deadlock with a ban or a role change in between is retried by inTransaction.
    const rows = await lockOwnerCandidates(trx, ownerId);
    const demoted = rows.filter((r) => r.role === 'owner' && r.id !== ownerId).map((r) => r.id);
    const promoted = rows.some((r) => r.id === ownerId && r.role !== 'owner');
    await setRole(trx, demoted, 'user');
    if (promoted && ownerId !== undefined) await setRole(trx, [ownerId], 'owner');
    const unstored = await lockStoredAdmins(
      trx,
      adminIds.filter((id) => id !== ownerId),
    );
    await setRole(trx, unstored, 'user');
    return { demoted, promoted, unstored };
  });
}
