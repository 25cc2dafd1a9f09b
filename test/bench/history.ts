import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.js';
import { type BenchContext, benchDatabase, fmt, percentile, type Row, timed } from './harness.js';

/** Six letters from a number, unique below 26^6. */
const codeOf = (column: string) =>
  sql.raw(
    `concat(${[0, 1, 2, 3, 4, 5].map((i) => `char(65 + (${column} div ${26 ** i}) % 26)`).join(', ')})`,
  );

/** Seeds `count` closed (delivered) orders of 1,000 customers, one line each, straight in SQL, a minute apart up to now. */
export async function seedHistory(db: Db, count: number): Promise<void> {
  const first = new Date(Math.floor(Date.now() / 60_000 - count - 1) * 60_000);
  await sql`insert into users (id, first_name, username) select seq, concat('Customer ', seq), concat('customer', seq) from seq_1_to_1000`.execute(
    db,
  );
  await sql`insert into categories (name) values ('History')`.execute(db);
  await sql`insert into products (category_id, name, price, stock_quantity)
    select 1, concat('Product ', seq), 1000 + seq, 1000 from seq_1_to_100`.execute(db);
  const chunk = 100_000;
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await sql`insert into orders (code, user_id, status, payment_method, subtotal, bonus_applied, total, currency,
        delivery_address, delivery_phone, reserved_until, created_at, confirmed_at, delivered_at, updated_at)
      select ${codeOf('seq')}, 1 + seq % 1000, 'delivered', 'cod', 2000, 0, 2000, 'USD',
        concat(seq, ' History Road'), '+15550100000', t + interval 1 day, t, t, t + interval 2 hour, t
      from (select seq, ${first} + interval seq minute as t
            from seq_${sql.raw(String(start))}_to_${sql.raw(String(end))}) s`.execute(db);
    await sql`insert into order_items (order_id, product_id, product_name, unit_price, quantity)
      select o.id, 1 + o.id % 100, concat('Product ', 1 + o.id % 100), 1000, 2
      from orders o where o.id between ${start} and ${end}`.execute(db);
  }
}

/** Seeds `count` reserved orders already past their deadline, with their reservations and some bonus. */
async function seedDue(db: Db, count: number, now: Date): Promise<void> {
  const first =
    Number((await sql<{ n: number }>`select coalesce(max(id), 0) as n from orders`.execute(db)).rows[0]?.n) +
    1;
  const until = new Date(now.getTime() - 60_000);
  await sql`insert into orders (code, user_id, status, payment_method, subtotal, bonus_applied, total, currency,
      delivery_address, delivery_phone, reserved_until, created_at, updated_at)
    select ${codeOf('(seq + 20000000)')}, 1 + seq % 1000, 'reserved', 'cod', 1000,
      if(seq % 10 = 0, 100, 0), if(seq % 10 = 0, 900, 1000), 'USD', 'Due Road 1', '+15550100000', ${until}, ${until}, ${until}
    from seq_1_to_${sql.raw(String(count))}`.execute(db);
  await sql`insert into order_items (order_id, product_id, product_name, unit_price, quantity)
    select id, 1 + id % 100, concat('Product ', 1 + id % 100), 1000, 1 from orders where id >= ${first}`.execute(
    db,
  );
  await sql`update products p join (select product_id, sum(quantity) as q from order_items where order_id >= ${first}
    group by product_id) r on r.product_id = p.id set p.reserved_quantity = p.reserved_quantity + r.q`.execute(
    db,
  );
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs a command to completion; returns wall time, stdout size and the child's peak RSS when it reports one. */
function run(command: string, args: string[], env: Record<string, string> = {}, stdoutFile?: string) {
  return new Promise<{ ms: number; code: number; stderr: string; maxRssKb: number | undefined }>(
    (resolve, reject) => {
      const start = performance.now();
      const child = spawn(command, args, {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      if (stdoutFile) {
        import('node:fs').then(({ createWriteStream }) => child.stdout.pipe(createWriteStream(stdoutFile)));
      } else {
        child.stdout.resume();
      }
      child.on('error', reject);
      child.on('close', (code) => {
        const rss = /maxrss_kb=(\d+)/.exec(stderr)?.[1];
        resolve({
          ms: performance.now() - start,
          code: code ?? 1,
          stderr,
          maxRssKb: rss ? Number(rss) : undefined,
        });
      });
    },
  );
}

async function median(times: number, work: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await work());
  return percentile(samples, 50);
}

/** The same columns the CLI's orders export reads, for the mariadb client's own dump. */
const EXPORT_QUERY = `select o.code, o.status, o.created_at, o.user_id, u.username, o.payment_method,
  (select group_concat(concat(i.quantity, ' x ', i.product_name) order by i.id separator '; ') from order_items i
   where i.order_id = o.id) as items, o.subtotal, o.bonus_applied, o.total, o.currency, o.btc_address,
  o.btc_amount_sats, o.delivery_time, o.delivery_address, o.delivery_phone, o.delivery_note, o.confirmed_at,
  o.delivered_at, o.cancelled_at, o.cancel_reason, o.expired_at
  from orders o left join users u on u.id = o.user_id order by o.id`;

/** Scenario 5: exporting every order to CSV, next to the mariadb client dumping the same rows. */
async function exportOrders(ctx: BenchContext, url: string, rows: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'shop-export-'));
  try {
    const ours = await run(
      'node',
      ['-r', './test/bench/rss-on-exit.cjs', 'bin/shopctl', 'export', '--orders', '--output-dir', dir],
      {
        DATABASE_URL: url,
      },
    );
    if (ours.code !== 0) throw new Error(`shopctl export failed: ${ours.stderr}`);
    const size = (await stat(join(dir, 'orders.csv'))).size;
    const target = new URL(url);
    const client = await run(
      'mariadb',
      [
        '--batch',
        // The private server's accounts are for its unix socket, which its URL names.
        ...(target.searchParams.get('socketPath')
          ? [`--socket=${target.searchParams.get('socketPath')}`]
          : ['-h', target.hostname, '-P', target.port]),
        '-u',
        decodeURIComponent(target.username),
        target.pathname.slice(1),
        '-e',
        EXPORT_QUERY,
      ],
      { MYSQL_PWD: decodeURIComponent(target.password) },
      join(dir, 'client.tsv'),
    );
    if (client.code !== 0) throw new Error(`mariadb client failed: ${client.stderr}`);
    ctx.log(`export: orders.csv ${fmt(size / 1e6, 1)} MB in ${fmt(ours.ms)} ms; client ${fmt(client.ms)} ms`);
    const ourRate = (rows / ours.ms) * 1000;
    const baseRate = (rows / client.ms) * 1000;
    const rssMb = (ours.maxRssKb ?? 0) / 1024;
    return {
      scenario: `5. Export ${fmt(rows)} orders to CSV`,
      ours: `${fmt(ourRate)} rows/s, peak RSS ${fmt(rssMb)} MB`,
      baseline: `${fmt(baseRate)} rows/s (mariadb --batch)`,
      ratio: `${fmt((ourRate / baseRate) * 100)}%`,
      target: '>= 50% of client, RSS < 200 MB',
      met: ourRate >= 0.5 * baseRate && rssMb < 200,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Scenario 6: how fast shopctl starts, for help and for a real query over the whole history. */
async function cliStart(url: string, rows: number): Promise<Row[]> {
  const times = 7;
  const bare = await median(times, async () => (await run('node', ['-e', '0'])).ms);
  const help = await median(times, async () => (await run('node', ['bin/shopctl', '--help'])).ms);
  const list = await median(times, async () => {
    const result = await run('node', ['bin/shopctl', 'order', 'list', '--json', '--limit', '20'], {
      DATABASE_URL: url,
    });
    if (result.code !== 0) throw new Error(`shopctl order list failed: ${result.stderr}`);
    return result.ms;
  });
  return [
    {
      scenario: '6a. shopctl --help (median of 7)',
      ours: `${fmt(help)} ms`,
      baseline: `${fmt(bare)} ms (node -e 0)`,
      ratio: `${fmt(help / bare, 1)}x`,
      target: '<= 4x node',
      met: help <= 4 * bare,
    },
    {
      scenario: `6b. shopctl order list --json --limit 20, ${fmt(rows)} orders (median of 7)`,
      ours: `${fmt(list)} ms`,
      baseline: `${fmt(bare)} ms (node -e 0)`,
      ratio: `${fmt(list / bare, 1)}x`,
      target: '< 400 ms',
      met: list < 400,
    },
  ];
}

/**
 * Scenarios 4, 5 and 6 share one long order history: the idle expiry pass, the export and the CLI run over it,
 * then due orders are added for the busy expiry pass.
 */
export async function historyScenarios(ctx: BenchContext): Promise<Row[]> {
  const history = ctx.quick ? 20_000 : 1_000_000;
  const due = ctx.quick ? 1000 : 10_000;
  const shop = await benchDatabase(ctx.serverUrl, 8);
  try {
    const seeded = await timed(() => seedHistory(shop.db, history));
    ctx.log(`history: seeded ${fmt(history)} orders in ${fmt(seeded.ms / 1000, 1)} s`);
    await sql`analyze table orders, order_items, users`.execute(shop.db);
    await shop.services.orders.expireDue();
    const idle = await timed(() => shop.services.orders.expireDue());
    const ping = await timed(() => sql`select 1`.execute(shop.db));

    const exported = await exportOrders(ctx, shop.url, history);
    const cli = await cliStart(shop.url, history);

    await seedDue(shop.db, due, new Date());
    const pass = await timed(() => shop.services.orders.expireDue());
    const reserved = await sql<{ n: number }>`select sum(reserved_quantity) as n from products`.execute(
      shop.db,
    );
    const refunds = await sql<{
      n: number;
      total: number;
    }>`select count(*) as n, coalesce(sum(amount), 0) as total
      from bonus_ledger where kind = 'order_refund'`.execute(shop.db);
    const correct =
      pass.value.expired.length === due &&
      Number(reserved.rows[0]?.n) === 0 &&
      Number(refunds.rows[0]?.n) === due / 10 &&
      Number(refunds.rows[0]?.total) === (due / 10) * 100;
    ctx.log(
      `expiry: ${pass.value.expired.length} expired, reserved left ${reserved.rows[0]?.n}, refunds ${refunds.rows[0]?.n}`,
    );

    // The database's own floor for the same state change: one set-based UPDATE of as many reserved rows.
    await sql`update orders set status = 'reserved', expired_at = null where status = 'expired'`.execute(
      shop.db,
    );
    const floor = await timed(() =>
      sql`update orders set status = 'expired', expired_at = now() where status = 'reserved' and reserved_until <= now()`.execute(
        shop.db,
      ),
    );
    return [
      {
        scenario: `4a. Expiry pass, ${fmt(history)} historical orders, none due`,
        ours: `${fmt(idle.ms, 1)} ms`,
        baseline: `${fmt(ping.ms, 1)} ms (select 1)`,
        ratio: `${fmt(idle.ms / ping.ms, 1)}x`,
        target: '< 20 ms',
        met: idle.ms < 20,
      },
      {
        scenario: `4b. Expiry pass, ${fmt(due)} due orders${correct ? '' : ' (RELEASES/REFUNDS WRONG)'}`,
        ours: `${fmt(pass.ms / 1000, 2)} s (${fmt((due / pass.ms) * 1000)} orders/s)`,
        baseline: `${fmt(floor.ms / 1000, 2)} s (one bare UPDATE)`,
        ratio: `${fmt(pass.ms / floor.ms, 1)}x`,
        target: '< 10 s',
        met: correct && pass.ms < 10_000,
      },
      exported,
      ...cli,
    ];
  } finally {
    await shop.drop();
  }
}
