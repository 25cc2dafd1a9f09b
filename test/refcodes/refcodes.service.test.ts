import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefCodeError } from '../../src/shared/errors.js';
import { createTestShop, type TestShop } from '../support/shop.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let shop: TestShop;
let nextId = 50_000;
beforeAll(async () => {
  t = await createTestDatabase();
  shop = createTestShop(t.db);
  await shop.services.settings.set('reference_codes_enabled', 'true');
});
afterAll(() => t.drop());

const join = (code?: string) => shop.services.users.join({ telegramId: ++nextId, firstName: 'New' }, code);

async function reason(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof RefCodeError ? error.reason : String(error);
  }
}

describe('reference codes', () => {
  it('creates random codes with limits, accepts any letter case, and links the referrer', async () => {
    const referrer = await join((await shop.services.refcodes.create()).code);
    const code = await shop.services.refcodes.create({
      creatorId: referrer.id,
      maxUses: 2,
      expiresHours: 24,
      note: 'flyer',
    });
    expect(code.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(code.expires_at).toEqual(shop.clock.inHours(24));
    const user = await join(code.code.toLowerCase());
    expect(user.referrer_id).toBe(referrer.id);
    const [listed] = await shop.services.refcodes.list({ creatorId: referrer.id });
    expect(listed).toMatchObject({ uses_count: 1, state: 'active', note: 'flyer' });
    expect(await shop.services.refcodes.referredCount(referrer.id)).toBe(1);
  });

  it('gives a clear reason for every unusable code', async () => {
    expect(await reason(join('NOSUCHCODE'))).toBe('not_found');
    expect(await reason(join())).toBe('not_found');

    const expiring = await shop.services.refcodes.create({ expiresHours: 1 });
    shop.clock.advanceHours(2);
    expect(await reason(join(expiring.code))).toBe('expired');

    const disabled = await shop.services.refcodes.create();
    await shop.services.refcodes.disable(disabled.code, 'leaked');
    expect(await reason(join(disabled.code))).toBe('disabled');

    const once = await shop.services.refcodes.create({ maxUses: 1 });
    await join(once.code);
    expect(await reason(join(once.code))).toBe('used_up');

    const owner = await join((await shop.services.refcodes.create()).code);
    const own = await shop.services.refcodes.create({ creatorId: owner.id });
    expect(await reason(shop.services.users.join({ telegramId: owner.id }, own.code))).toBe('already_joined');
  });

  it('lets exactly max_uses people in when many redeem at once', async () => {
    const code = await shop.services.refcodes.create({ maxUses: 3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => join(code.code)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.every((f) => f.reason instanceof RefCodeError && f.reason.reason === 'used_up')).toBe(
      true,
    );
    const row = await t.db
      .selectFrom('reference_codes')
      .selectAll()
      .where('code', '=', code.code)
      .executeTakeFirstOrThrow();
    expect(row.uses_count).toBe(3);
    const uses = await t.db
      .selectFrom('reference_code_uses')
      .selectAll()
      .where('code_id', '=', row.id)
      .execute();
    expect(uses).toHaveLength(3);
  });

  it('lists only active codes when asked', async () => {
    const disabled = await shop.services.refcodes.create();
    await shop.services.refcodes.disable(disabled.code);
    const active = await shop.services.refcodes.list({ activeOnly: true });
    expect(active.some((c) => c.code === disabled.code)).toBe(false);
    expect(active.every((c) => c.state === 'active')).toBe(true);
  });

  it('lets customers create codes within the limits from settings', async () => {
    await shop.services.settings.set('customer_refcode_limit', '2');
    await shop.services.settings.set('customer_refcode_max_uses', '4');
    const customer = await join((await shop.services.refcodes.create()).code);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => shop.services.refcodes.createForCustomer(customer.id)),
    );
    const made = results.filter((r) => r.status === 'fulfilled');
    expect(made).toHaveLength(2);
    expect(made.every((r) => r.status === 'fulfilled' && r.value.max_uses === 4)).toBe(true);
    expect(results.find((r) => r.status === 'rejected')?.reason.message).toMatch(/at most 2 active/);
  });

  it("tells whether a customer may create another code, counting only the customer's active ones", async () => {
    await shop.services.settings.set('customer_refcode_limit', '1');
    const customer = await join((await shop.services.refcodes.create()).code);
    expect(await shop.services.refcodes.customerCodes(customer.id)).toMatchObject({
      limit: 1,
      canCreate: true,
    });
    const own = await shop.services.refcodes.createForCustomer(customer.id);
    const after = await shop.services.refcodes.customerCodes(customer.id);
    expect(after).toMatchObject({ limit: 1, canCreate: false });
    expect(after.codes.map((c) => c.code)).toEqual([own.code]);
    await shop.services.refcodes.disable(own.code);
    expect((await shop.services.refcodes.customerCodes(customer.id)).canCreate).toBe(true);
  });
});
