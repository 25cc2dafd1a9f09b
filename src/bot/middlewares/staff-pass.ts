import type { MiddlewareFn } from 'grammy';
import { isStaff } from '../../users/staff.js';
import type { BotContext } from '../context.js';

export interface StaffPass {
  /** Whether the flood guard lets this user through unlimited; answered from memory. */
  isExempt(userId: number): boolean;
  /** Placed right before the user gate: learns from the row the gate loads anyway. */
  learn: MiddlewareFn<BotContext>;
}

/**
 * Tells the flood guard, which runs before any query, who is staff. OWNER_ID and ADMIN_IDS are known from the
 * environment; an admin made with `user role` is known once the user gate has loaded their row, so their first
 * update after a start counts like a customer's and the rest pass unlimited. The set is corrected by every
 * update the gate sees: a demoted or banned admin loses the pass with their next update. No query is added;
 * the set holds staff only, so it stays tiny whatever the traffic.
 */
export function createStaffPass(configured: readonly number[]): StaffPass {
  const staff = new Set<number>();
  return {
    isExempt: (id) => isStaff(configured, { id }) || staff.has(id),
    learn: async (ctx, next) => {
      try {
        await next();
      } finally {
        // ctx.user is set only for a registered, unbanned user the gate let in.
        const id = ctx.from?.id;
        const user = ctx.user as BotContext['user'] | undefined;
        if (id !== undefined) {
          if (user !== undefined && isStaff(configured, user)) staff.add(id);
          else staff.delete(id);
        }
      }
    },
  };
}
