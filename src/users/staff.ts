import type { User } from '../db/schema.js';

/**
 * The one rule for who runs the shop: OWNER_ID and ADMIN_IDS always do (the environment is authoritative, so
 * `user role` refuses to demote them), and so does anyone given the admin or owner role. Limits, Help, join codes,
 * `user role` and the bot's flood guard ask this; staffChatIds applies the same rule in SQL to choose who is told.
 * `role` is left out where no stored row is at hand (a person who has not joined, or the flood guard, which reads
 * no database): then only the configured ids count.
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
