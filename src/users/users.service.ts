import { bonusBalance } from '../bonus/bonus.repository.js';
import type { Role, User } from '../db/schema.js';
import { inTransaction, isDuplicateKey, writeStatement } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import { cancelOrdersOfBanned, lockOrdersBeforeBan } from '../orders/ban-orders.js';
import { countOrdersOfUser } from '../orders/orders.repository.js';
import { redeemCode } from '../refcodes/refcodes.service.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, NotFoundError, RefCodeError, ValidationError } from '../shared/errors.js';
import { syncRoles } from './owner-role.js';
import { isStaff } from './staff.js';
import {
  customerProfile,
  findUser,
  insertUser,
  listUsers,
  lockUser,
  setRole,
  updateUser,
} from './users.repository.js';

export interface TelegramProfile {
  telegramId: number;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  languageCode?: string | null;
}

export interface UserSummary extends User {
  bonus_balance: number;
  orders_count: number;
  total_spent: number;
  completed_orders: number;
}

export function createUserService({ db, clock, ownerId, staffIds, settings }: ServiceDeps) {
  async function requireUser(id: number): Promise<User> {
    const user = await findUser(db, id);
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  function profileColumns(profile: TelegramProfile) {
    return {
      username: profile.username ?? null,
      first_name: (profile.firstName ?? '').slice(0, 128),
      last_name: profile.lastName?.slice(0, 128) ?? null,
      language_code: profile.languageCode ?? null,
    };
  }

  /** Whether this person may join without a code: the configured owner and admins always may. */
  async function needsCode(telegramId: number): Promise<boolean> {
    if (isStaff(staffIds, { id: telegramId })) return false;
    return settings.get('reference_codes_enabled');
  }

  async function setBan(
    id: number,
    banned: boolean,
    reason: string | null,
    notify: boolean,
  ): Promise<User & { cancelled_orders: string[] }> {
    return inTransaction(db, async (trx) => {
      // Orders before the user, as everywhere in the shop: see ban-orders.ts.
      const held = banned ? await lockOrdersBeforeBan(trx, id) : [];
      const user = await lockUser(trx, id);
      if (!user) throw new NotFoundError('user', id);
      if (banned && (user.role === 'owner' || id === ownerId))
        throw new ConflictError('The owner cannot be banned.');
      const now = clock.now();
      // Cancelled on every ban, not only the first: a banned customer holds no stock whatever came before.
      const cancelled = banned ? await cancelOrdersOfBanned(trx, id, held, now) : [];
      const changed = banned !== (user.banned_at !== null) || (banned && reason !== user.ban_reason);
      if (changed) {
        await updateUser(
          trx,
          id,
          banned
            ? { banned_at: user.banned_at ?? now, ban_reason: reason }
            : { banned_at: null, ban_reason: null },
        );
        if (notify) {
          if (banned)
            await enqueueNotification(trx, now, id, 'user_banned', { reason, cancelled_orders: cancelled });
          else await enqueueNotification(trx, now, id, 'user_unbanned', {});
        }
      }
      // Cancelled orders are always told, once: in the ban message when one went out, else on their own (a
      // repeat ban that found leftovers, or a ban without --notify), so nobody waits for a delivery that is off.
      if (cancelled.length > 0 && !(changed && notify))
        await enqueueNotification(trx, now, id, 'ban_orders_cancelled', { codes: cancelled });
      return { ...((await findUser(trx, id)) as User), cancelled_orders: cancelled };
    });
  }

  return {
    find: (id: number) => findUser(db, id),
    get: requireUser,
    needsCode,
    /** Run on every start: OWNER_ID decides who the owner is, and ADMIN_IDS is not kept in stored roles. */
    syncRoles: () => syncRoles(db, ownerId, staffIds),

    /**
     * Registers a person. When reference codes are required, `code` must be a valid one: it is redeemed in the
     * same transaction, and its creator becomes the referrer. Joining twice returns the existing user.
     */
    async join(profile: TelegramProfile, code?: string): Promise<User> {
      const existing = await findUser(db, profile.telegramId);
      if (existing) {
        if (code) throw new RefCodeError('already_joined');
        return existing;
      }
      const codeRequired = await needsCode(profile.telegramId);
      if (codeRequired && !code) throw new RefCodeError('not_found');
      const joined = inTransaction(db, async (trx) => {
        const now = clock.now();
        // ADMIN_IDS is not stored: they are staff while listed, customers once taken off the list.
        const role: Role = profile.telegramId === ownerId ? 'owner' : 'user';
        await insertUser(trx, { id: profile.telegramId, role, created_at: now, ...profileColumns(profile) });
        if (code) {
          const referrer = await redeemCode(trx, code, profile.telegramId, now);
          if (referrer !== null) await updateUser(trx, profile.telegramId, { referrer_id: referrer });
        }
        return (await findUser(trx, profile.telegramId)) as User;
      });
      // Two /start taps at once: the second insert loses and the first user stands.
      return joined.catch(async (error: unknown) => {
        const winner = isDuplicateKey(error) ? await findUser(db, profile.telegramId) : undefined;
        if (!winner) throw error;
        return winner;
      });
    },

    /**
     * Keeps the Telegram name, username and language current; unknown users are ignored. The user just wrote to
     * the bot, so they no longer block it: the outbox may write to them again.
     */
    async refreshProfile(profile: TelegramProfile): Promise<void> {
      await writeStatement(db, () =>
        updateUser(db, profile.telegramId, { ...profileColumns(profile), blocked_bot_at: null }),
      );
    },

    ban: (id: number, reason: string | null = null, notify = false) => setBan(id, true, reason, notify),
    unban: (id: number, notify = false) => setBan(id, false, null, notify),

    async setRole(id: number, role: Role): Promise<User> {
      if (role === 'owner') throw new ValidationError('The owner is set by OWNER_ID, not by a command.');
      const user = await requireUser(id);
      if (user.role === 'owner' || id === ownerId)
        throw new ConflictError('The owner role cannot be changed; it follows OWNER_ID.');
      // ADMIN_IDS is authoritative while someone is on it: a stored role would either change nothing (admin) or
      // be overruled everywhere (customer), and the next start clears it anyway.
      if (isStaff(staffIds, { id }))
        throw new ConflictError(
          role === 'user'
            ? `${id} is in ADMIN_IDS; remove them there and restart to make them a customer.`
            : `${id} is already an admin through ADMIN_IDS; to keep them an admin once off that list, give the role after that restart.`,
        );
      await writeStatement(db, () => setRole(db, [id], role));
      return requireUser(id);
    },

    list: (options: { banned?: boolean; limit?: number } = {}) => listUsers(db, options),

    /** The delivery details of the customer's last order, offered again at the next checkout. */
    async savedDelivery(
      id: number,
    ): Promise<{ address: string; phone: string; note: string | null } | undefined> {
      const profile = await customerProfile(db, id);
      if (!profile?.delivery_address || !profile.delivery_phone) return undefined;
      return {
        address: profile.delivery_address,
        phone: profile.delivery_phone,
        note: profile.delivery_note,
      };
    },

    /** A user with their spending, order count and bonus balance. */
    async summary(id: number): Promise<UserSummary> {
      const user = await requireUser(id);
      const [profile, orders, balance] = await Promise.all([
        customerProfile(db, id),
        countOrdersOfUser(db, id),
        bonusBalance(db, id),
      ]);
      return {
        ...user,
        bonus_balance: balance,
        orders_count: orders,
        total_spent: profile?.total_spent ?? 0,
        completed_orders: profile?.completed_orders ?? 0,
      };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
