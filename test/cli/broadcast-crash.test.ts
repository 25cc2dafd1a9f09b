import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, SHOPCTL } from '../support/build.js';
import { childEnv, scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

/**
 * shopctl killed with SIGKILL in the middle of queueing a broadcast: a transaction of the test's own holds the
 * row of the 451st customer, so the third batch waits on it (the recipient's foreign key) while two batches are
 * committed; the process is killed right there. `broadcast resume` must then queue the rest, each customer once.
 */

let t: TestDatabase;
let shop: CliShop;
let cwd: string;
let database: string;
beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase();
  shop = createCliShop(t.db);
  cwd = await scratchDir();
  database = new URL(t.url).pathname.slice(1);
}, 240_000);
afterAll(() => t.drop());

const FIRST = 400_001;
const CUSTOMERS = 1000;

async function lockWaiters(): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*) as n from information_schema.innodb_trx t
    join information_schema.processlist p on p.id = t.trx_mysql_thread_id
    where t.trx_state = 'LOCK WAIT' and p.db = ${database}`.execute(t.db);
  return Number(result.rows[0]?.n ?? 0);
}

async function untilWaiting(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await lockWaiters()) < 1) {
    if (Date.now() > deadline) throw new Error('shopctl never waited on the held customer row.');
    // InnoDB refreshes its transaction tables only when they were not read for 0.1 s: poll slower than that.
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('broadcast killed half way', () => {
  it('resumes after SIGKILL and queues every customer exactly once', async () => {
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => FIRST + i);
    for (let i = 0; i < ids.length; i += 250) {
      await t.db
        .insertInto('users')
        .values(
          ids.slice(i, i + 250).map((id) => ({ id, first_name: `C${id}`, created_at: shop.clock.now() })),
        )
        .execute();
    }

    await t.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', FIRST + 450)
        .forUpdate()
        .execute();
      const child = spawn(process.execPath, [SHOPCTL, 'broadcast', 'send', 'Closed on Monday', '--yes'], {
        cwd,
        env: childEnv(cwd, { DATABASE_URL: t.url }),
        stdio: 'ignore',
      });
      const exited = once(child, 'exit');
      await untilWaiting();
      child.kill('SIGKILL');
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
    });

    const [broadcast] = await t.db.selectFrom('broadcasts').selectAll().execute();
    expect(broadcast).toMatchObject({ status: 'queueing', recipients: 400, cursor_user_id: FIRST + 399 });

    const resumed = await shop.run(['broadcast', 'resume', '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json()).toEqual([
      expect.objectContaining({
        id: broadcast?.id,
        status: 'queued',
        recipients: CUSTOMERS,
        pending: CUSTOMERS,
      }),
    ]);
    const perChat = await t.db
      .selectFrom('notification_outbox')
      .select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', 'broadcast')
      .groupBy('chat_id')
      .execute();
    expect(perChat.map((r) => Number(r.chat_id)).sort()).toEqual(ids);
    expect(perChat.every((r) => Number(r.n) === 1)).toBe(true);
  }, 120_000);
});
