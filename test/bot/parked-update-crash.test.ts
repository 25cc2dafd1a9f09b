import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { exitOf, until, useBotProcesses } from '../support/bot-process.js';
import { textUpdate, tgUser } from '../support/updates.js';

/**
 * A slow update held back the getUpdates window, so polling confirmed it while in hand (parked in the database),
 * and then the process was killed (SIGKILL). The next process handles it, once.
 */

const bots = useBotProcesses();

const SLOW = 95_000;
const OTHERS = Array.from({ length: 20 }, (_, i) => 95_001 + i);

const claimOf = (updateId: number) =>
  bots.t.db.selectFrom('webhook_updates').selectAll().where('update_id', '=', updateId).executeTakeFirst();

describe('a bot killed with a parked update in hand', () => {
  it('leaves it to the next process, which handles it exactly once', async () => {
    await bots.shop.services.settings.set('reference_codes_enabled', 'false');
    for (const id of [SLOW, ...OTHERS])
      await bots.shop.services.users.join({ telegramId: id, firstName: 'C' });
    const first = await bots.start();
    const held = bots.api.hold((call) => Number(call.payload.chat_id) === SLOW);
    const slow = textUpdate(tgUser(SLOW), '/menu');
    bots.api.push(slow);
    await held.reached;
    // More than a getUpdates window of other customers' updates, handled behind the stalled one.
    for (let i = 0; i < 150; i++)
      bots.api.push(textUpdate(tgUser(OTHERS[i % OTHERS.length] as number), '/menu'));
    await until(
      () => bots.api.confirmedOffset() > slow.update_id,
      'polling to confirm past the stalled update',
    );
    expect((await claimOf(slow.update_id))?.payload).toBe(JSON.stringify(slow));

    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    held.release();
    const callsToSlow = () => bots.api.fake.callsTo(SLOW).length;
    expect(callsToSlow()).toBe(1);
    expect((await claimOf(slow.update_id))?.finished_at).toBeNull();
    // The dead process's claim runs out (a minute, on the database's clock).
    await bots.t.db
      .updateTable('webhook_updates')
      .set({ expires_at: sql<Date>`utc_timestamp(3) - interval 1 second` })
      .where('update_id', '=', slow.update_id)
      .execute();

    const second = await bots.start();
    await until(() => callsToSlow() > 1, 'the parked update to be handled');
    let finished = false;
    await until(() => {
      void claimOf(slow.update_id).then((claim) => (finished = Boolean(claim?.finished_at)));
      return finished;
    }, 'the parked update to be marked finished');
    const [lost, resent] = bots.api.fake.callsTo(SLOW);
    expect(resent?.payload).toEqual(lost?.payload);
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, 15_000)).toBe(0);
    expect(callsToSlow()).toBe(2);
    expect(second.output().match(/handling an update parked by a process that stopped/g)).toHaveLength(1);
  }, 180_000);
});
