import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/shared/errors.js';
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
    expect((await shop.services.users.join({ telegramId: ADMIN_ID })).role).toBe('admin');
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

  it('refuses to demote someone ADMIN_IDS names, saying where to change it', async () => {
    await shop.services.users.join({ telegramId: ADMIN_ID });
    const refused = shop.services.users.setRole(ADMIN_ID, 'user');
    await expect(refused).rejects.toThrow(
      `${ADMIN_ID} is in ADMIN_IDS; remove them there and restart to make them a customer.`,
    );
    expect((await shop.services.users.get(ADMIN_ID)).role).toBe('admin');
    // Out of ADMIN_IDS, the same person can be demoted.
    const restarted = createTestShop(t.db, { ADMIN_IDS: '' });
    expect((await restarted.services.users.setRole(ADMIN_ID, 'user')).role).toBe('user');
    await shop.services.users.setRole(ADMIN_ID, 'admin');
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
    expect(await restarted.services.users.syncOwner()).toEqual({ demoted: [OWNER_ID], promoted: true });
    expect((await shop.services.users.get(OWNER_ID)).role).toBe('user');
    expect((await shop.services.users.get(next)).role).toBe('owner');
    expect(await restarted.services.users.syncOwner()).toEqual({ demoted: [], promoted: false });
    // Back to the original OWNER_ID for the tests that follow.
    expect(await shop.services.users.syncOwner()).toEqual({ demoted: [next], promoted: true });
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
