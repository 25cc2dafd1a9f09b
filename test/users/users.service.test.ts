import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/shared/errors.js';
import { effectiveRole, isStaff } from '../../src/users/staff.js';
import {
  ADMIN_ID,
  createTestShop,
  newCustomer,
  OWNER_ID,
  type TestShop,
  useTestShop,
} from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
useTestShop((created) => {
  ({ t, shop } = created);
});

const outbox = (chatId: number) =>
  t.db
    .selectFrom('notification_outbox')
    .select(['kind', 'payload'])
    .where('chat_id', '=', chatId)
    .orderBy('id')
    .execute();

describe('users', () => {
  it('lets the owner and admins in without a code, with their roles', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'true');
    expect(await shop.services.users.needsCode(OWNER_ID)).toBe(false);
    expect(await shop.services.users.needsCode(77)).toBe(true);
    expect((await shop.services.users.join({ telegramId: OWNER_ID, firstName: 'Boss' })).role).toBe('owner');
    // ADMIN_IDS is not stored: staff while listed (see the ADMIN_IDS test below), a customer row underneath.
    expect((await shop.services.users.join({ telegramId: ADMIN_ID })).role).toBe('user');
  });

  it('joins once: a second /start returns the same user', async () => {
    await shop.services.settings.set('reference_codes_enabled', 'false');
    const profile = { telegramId: 4242, username: 'ann', firstName: 'Ann', languageCode: 'ru' };
    const [a, b] = await Promise.all([shop.services.users.join(profile), shop.services.users.join(profile)]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ username: 'ann', language_code: 'ru', role: 'user', referrer_id: null });
  });

  it('bans and unbans with a reason, telling the customer only when asked', async () => {
    const id = await newCustomer(shop);
    const banned = await shop.services.users.ban(id, 'spam', true);
    expect(banned.banned_at).not.toBeNull();
    expect(banned.ban_reason).toBe('spam');
    expect((await shop.services.users.list({ banned: true })).map((u) => u.id)).toContain(id);
    await shop.services.users.ban(id, 'spam', true);
    await shop.services.users.unban(id);
    expect((await shop.services.users.get(id)).banned_at).toBeNull();
    expect((await outbox(id)).map((r) => [r.kind, JSON.parse(r.payload)])).toEqual([
      ['user_banned', { reason: 'spam', cancelled_orders: [] }],
    ]);
  });

  it('refuses to ban the owner or change the owner role', async () => {
    await shop.services.users.join({ telegramId: OWNER_ID });
    await expect(shop.services.users.ban(OWNER_ID)).rejects.toThrow(ConflictError);
    await expect(shop.services.users.setRole(OWNER_ID, 'user')).rejects.toThrow(ConflictError);
    await expect(shop.services.users.ban(999_999)).rejects.toThrow(NotFoundError);
  });

  it('keeps ADMIN_IDS out of stored roles: admin while listed, a customer once taken off', async () => {
    await shop.services.users.join({ telegramId: ADMIN_ID });
    expect(isStaff([OWNER_ID, ADMIN_ID], await shop.services.users.get(ADMIN_ID))).toBe(true);
    await expect(shop.services.users.setRole(ADMIN_ID, 'user')).rejects.toThrow(
      `${ADMIN_ID} is in ADMIN_IDS; remove them there and restart to make them a customer.`,
    );
    await expect(shop.services.users.setRole(ADMIN_ID, 'admin')).rejects.toThrow(
      `${ADMIN_ID} is already an admin through ADMIN_IDS`,
    );
    // Off the list, nothing stored keeps them staff; `user role` can make them an admin on purpose.
    const restarted = createTestShop(t.db, { ADMIN_IDS: '' });
    const row = await restarted.services.users.get(ADMIN_ID);
    expect(isStaff([OWNER_ID], row)).toBe(false);
    expect(effectiveRole({ ownerId: OWNER_ID, adminIds: [] }, row)).toBe('customer');
    const promoted = await restarted.services.users.setRole(ADMIN_ID, 'admin');
    expect(effectiveRole({ ownerId: OWNER_ID, adminIds: [] }, promoted)).toBe('admin (user role)');
    expect((await restarted.services.users.setRole(ADMIN_ID, 'user')).role).toBe('user');
  });

  it('clears an admin role stored for an ADMIN_IDS member on start, so leaving the list ends it', async () => {
    // A row from before ADMIN_IDS stopped being stored.
    const id = await newCustomer(shop);
    await t.db.updateTable('users').set({ role: 'admin' }).where('id', '=', id).execute();
    const listedConfig = { ownerId: OWNER_ID, adminIds: [ADMIN_ID, id] };
    const listed = createTestShop(t.db, { ADMIN_IDS: listedConfig.adminIds.join(',') });
    expect(effectiveRole(listedConfig, await listed.services.users.get(id))).toBe('admin (ADMIN_IDS)');
    expect((await listed.services.users.syncRoles()).unstored).toEqual([id]);
    expect((await listed.services.users.syncRoles()).unstored).toEqual([]);
    const row = await listed.services.users.get(id);
    expect(row.role).toBe('user');
    expect(effectiveRole(listedConfig, row)).toBe('admin (ADMIN_IDS)');
    // Taken off ADMIN_IDS: a customer again, by the same rule every check uses.
    expect(isStaff([OWNER_ID, ADMIN_ID], row)).toBe(false);
    expect(effectiveRole({ ownerId: OWNER_ID, adminIds: [ADMIN_ID] }, row)).toBe('customer');
  });

  it('promotes a user to admin', async () => {
    const id = await newCustomer(shop);
    expect((await shop.services.users.setRole(id, 'admin')).role).toBe('admin');
    expect((await shop.services.users.summary(id)).bonus_balance).toBe(0);
  });

  it('makes OWNER_ID the owner on every start; a former owner becomes a customer', async () => {
    await shop.services.users.join({ telegramId: OWNER_ID });
    const next = await newCustomer(shop);
    const restarted = createTestShop(t.db, { OWNER_ID: String(next) });
    expect(await restarted.services.users.syncRoles()).toMatchObject({ demoted: [OWNER_ID], promoted: true });
    expect((await shop.services.users.get(OWNER_ID)).role).toBe('user');
    expect((await shop.services.users.get(next)).role).toBe('owner');
    expect(await restarted.services.users.syncRoles()).toMatchObject({ demoted: [], promoted: false });
    // Back to the original OWNER_ID for the tests that follow.
    expect(await shop.services.users.syncRoles()).toMatchObject({ demoted: [next], promoted: true });
    expect((await shop.services.users.get(OWNER_ID)).role).toBe('owner');
  });

  it('refuses to ban or demote OWNER_ID even before they joined', async () => {
    const restarted = createTestShop(t.db, { OWNER_ID: '55501' });
    await restarted.services.users.join({ telegramId: 55_501 });
    await t.db.updateTable('users').set({ role: 'user' }).where('id', '=', 55_501).execute();
    await expect(restarted.services.users.ban(55_501)).rejects.toThrow(ConflictError);
    await expect(restarted.services.users.setRole(55_501, 'admin')).rejects.toThrow(ConflictError);
  });
});
