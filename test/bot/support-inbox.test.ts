import { describe, expect, it } from 'vitest';
import { type CliShop, createCliShop } from '../cli/support/cli.js';
import { OWNER_ID, type TestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type Harness, useBotHarness } from './harness.js';

let t: TestDatabase;
let shop: TestShop;
let h: Harness;
let cli: CliShop;
useBotHarness({}, async (created) => {
  ({ t, shop, h } = created);
  cli = createCliShop(t.db);
});

const threadsOf = (userId: number) =>
  t.db.selectFrom('support_threads').selectAll().where('user_id', '=', userId).orderBy('id').execute();

describe('support inbox', () => {
  it('keeps a conversation between a customer in the bot and the owner in shopctl as one thread', async () => {
    const chat = h.chat(71_001, { first_name: 'Ann', username: 'ann' });
    await chat.join();
    await chat.press('Help');
    await chat.send('Where is my order?');
    const [thread] = await threadsOf(chat.id);
    expect(thread?.status).toBe('open');
    const id = thread?.id as number;

    await h.worker.runOnce();
    const toOwner = h.fake.callsTo(OWNER_ID, 'sendMessage').at(-1)?.payload.text as string;
    expect(toOwner).toContain('Where is my order?');
    expect(toOwner).toContain(`shopctl support reply ${id} `);

    const waiting = (await cli.run(['support', 'list', '--open', '--json'])).json();
    expect(waiting).toContainEqual(
      expect.objectContaining({ id, user_id: chat.id, messages: 1, last_sender: 'customer' }),
    );
    expect((await cli.run(['support', 'list'])).stdout).toMatch(new RegExp(`${id} .*@ann.*open, waiting`));

    const replied = await cli.run(['support', 'reply', String(id), 'Tomorrow <b>noon</b> & not later']);
    expect(replied.code).toBe(0);
    await h.worker.runOnce();
    const toCustomer = chat.lastText();
    expect(toCustomer).toContain('Message from the shop');
    expect(toCustomer).toContain('Tomorrow &lt;b&gt;noon&lt;/b&gt; &amp; not later');
    expect(toCustomer).toContain('just write your reply here');

    // The customer answers through Help: the answer joins the same thread.
    await chat.send('/help');
    await chat.send('Thanks!');
    const shown = (await cli.run(['support', 'show', String(id), '--json'])).json();
    expect(shown.messages.map((m: { sender: string; text: string }) => [m.sender, m.text])).toEqual([
      ['customer', 'Where is my order?'],
      ['staff', 'Tomorrow <b>noon</b> & not later'],
      ['customer', 'Thanks!'],
    ]);
    expect((await cli.run(['support', 'show', String(id)])).stdout).toMatch(/You:\nTomorrow <b>noon<\/b>/);

    const closed = await cli.run(['support', 'close', String(id)]);
    expect(closed.stdout).toBe(`Thread ${id} closed.\n`);
    expect((await cli.run(['support', 'close', String(id)])).stdout).toBe(
      `Thread ${id} was already closed.\n`,
    );
    const late = await cli.run(['support', 'reply', String(id), 'one more']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('closed');
    expect((await cli.run(['support', 'list', '--open', '--json'])).json()).not.toContainEqual(
      expect.objectContaining({ id }),
    );

    // The next question opens a new thread.
    await chat.send('/help');
    await chat.send('Another question');
    const threads = await threadsOf(chat.id);
    expect(threads.map((r) => r.status)).toEqual(['closed', 'open']);
  });

  it('opens one thread however many messages arrive at once', async () => {
    const chat = h.chat(71_002);
    await chat.join();
    const from = { telegram_id: chat.id, username: null, name: 'Bo' };
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, i) => shop.services.support.ask(from, `question ${i}`)),
    );
    expect(new Set(ids).size).toBe(1);
    const shown = (await cli.run(['support', 'show', String(ids[0]), '--json'])).json();
    expect(shown.messages).toHaveLength(5);
  });

  it('lets the shop write first, and keeps the customer’s plain answer in the same thread', async () => {
    const chat = h.chat(71_003);
    await chat.join();
    const sent = await cli.run(['user', 'message', String(chat.id), 'Your parcel is at the door', '--json']);
    expect(sent.code).toBe(0);
    const thread = sent.json().thread;
    await h.worker.runOnce();
    expect(chat.lastText()).toContain('Your parcel is at the door');
    expect(chat.lastText()).toContain('just write your reply here');

    // No Help button needed: a plain text while a thread is open is the answer.
    await chat.send('Thanks, got it');
    expect(chat.lastText()).toContain('Sent to the shop');
    const shown = (await cli.run(['support', 'show', String(thread), '--json'])).json();
    expect(shown.messages.map((m: { sender: string }) => m.sender)).toEqual(['staff', 'customer']);
    await h.worker.runOnce();
    expect(h.fake.callsTo(OWNER_ID, 'sendMessage').at(-1)?.payload.text).toContain('Thanks, got it');

    // Once the thread is closed, a stray text is not taken for a question.
    await cli.run(['support', 'close', String(thread)]);
    await chat.send('hello?');
    expect(chat.lastText()).toContain('did not understand');

    const unknown = await cli.run(['user', 'message', '999999', 'hello']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user "999999"');
    const missing = await cli.run(['user', 'message', String(chat.id)], { interactive: false });
    expect(missing.code).toBe(2);
    const blank = await cli.run(['user', 'message', String(chat.id), '   ']);
    expect(blank.code).not.toBe(0);
    expect((await cli.run(['support', 'show', '424242'])).code).toBe(1);
  });
});
