import type { User } from '../db/schema.js';

/**
 * The one rule for who runs the shop: OWNER_ID and ADMIN_IDS do while they are set (the environment is
 * authoritative, so `user role` neither demotes nor promotes them), and so does anyone given the admin role with
 * `user role`. ADMIN_IDS is never stored in the role column, so taking someone off the list and restarting makes
 * them a customer. Limits, Help, join codes, `user role` and the bot's flood guard ask this; staffChatIds applies
 * the same rule in SQL to choose who is told. `role` is left out where no stored row is at hand (a person who has
 * not joined): then only the configured ids count.
 */
export function isStaff(staffIds: readonly number[], user: { id: number; role?: User['role'] }): boolean {
  return (user.role !== undefined && user.role !== 'user') || staffIds.includes(user.id);
}

/** OWNER_ID and ADMIN_IDS: the people the environment names as staff. */
export function configuredStaff(config: {
  ownerId?: number | undefined;
  adminIds: readonly number[];
}): number[] {
  return [...(config.ownerId ? [config.ownerId] : []), ...config.adminIds];
}

/** Why someone is staff, for people reading `user list`; undefined for a customer. Agrees with isStaff. */
export type StaffSource = 'OWNER_ID' | 'ADMIN_IDS' | 'user role';

export function staffSource(
  config: { ownerId?: number | undefined; adminIds: readonly number[] },
  user: { id: number; role: User['role'] },
): StaffSource | undefined {
  // A stored owner that is not OWNER_ID is left only until the next start, which demotes it.
  if (user.id === config.ownerId || user.role === 'owner') return 'OWNER_ID';
  if (config.adminIds.includes(user.id)) return 'ADMIN_IDS';
  return user.role === 'admin' ? 'user role' : undefined;
}

/** The role as it works now, with where it comes from: "admin (ADMIN_IDS)", "customer". */
export function effectiveRole(
  config: { ownerId?: number | undefined; adminIds: readonly number[] },
  user: { id: number; role: User['role'] },
): string {
  const source = staffSource(config, user);
  if (source === undefined) return 'customer';
  return `${source === 'OWNER_ID' ? 'owner' : 'admin'} (${source})`;
}
