import Table from 'cli-table3';
import { sql } from 'kysely';
import { runCli } from '../../src/cli/main.js';
import { createConfig } from '../../src/config.js';
import { type BenchContext, benchDatabase, fmt, type Row, timed } from './harness.js';
import { seedHistory } from './history.js';

/**
 * `shopctl user list` and `order list` of 10,000 rows, run in-process as printed to a pipe and to an 80-column
 * terminal, against a baseline of the same user rows drawn by cli-table3 (what the lists used before); and the
 * lists filtered and paged, against the same page read by plain SQL.
 */
export async function listScenarios(ctx: BenchContext): Promise<Row[]> {
  const rows = ctx.quick ? 2_000 : 10_000;
  const bench = await benchDatabase(ctx.serverUrl);
  try {
    await seedHistory(bench.db, rows);
    // seedHistory adds 1,000 customers; the rest up to `rows` join here.
    await sql`insert into users (id, first_name, last_name, username)
      select 1000 + seq, concat('Имя ', seq), 'Customer', concat('more', seq)
      from seq_1_to_${sql.raw(String(rows - 1000))}`.execute(bench.db);
    const config = createConfig({ OWNER_ID: '1', SHOP_DATA_DIR: '/tmp' });
    const shop = {
      config: () => config,
      open: async () => ({ config, db: bench.db, services: bench.services }),
      close: async () => undefined,
    };
    const run = async (args: string[], columns?: number) => {
      let bytes = 0;
      const io = {
        stdout: { write: (text: string) => (bytes += text.length) },
        stderr: { write: () => true },
        interactive: false,
        columns,
      };
      const { ms } = await timed(() => runCli(args, { io, shop }));
      return { ms, bytes };
    };

    const users = await bench.db.selectFrom('users').selectAll().orderBy('id', 'desc').execute();
    const baseline = await timed(async () => {
      const table = new Table({ head: ['Telegram id', 'Username', 'Name', 'Role', 'Banned', 'Joined'] });
      for (const u of users) {
        table.push([
          u.id,
          u.username ?? '',
          `${u.first_name} ${u.last_name ?? ''}`,
          u.role,
          '',
          String(u.created_at),
        ]);
      }
      return table.toString().length;
    });

    const tableDrawing = { label: 'cli-table3 drawing alone', ms: baseline.ms };
    // Filtered and paged lists against the same page read by one plain statement with its count: the database's
    // share, so the ratio shows what the services and the printing add.
    const deep = Math.floor(rows / 50 / 2);
    const plainPage = async (where: ReturnType<typeof sql>, limit: number, offset: number) => {
      const page = await timed(() =>
        Promise.all([
          sql`select o.*, u.first_name, u.username from orders o join users u on u.id = o.user_id
            where ${where} order by o.id desc limit ${limit} offset ${offset}`.execute(bench.db),
          sql`select count(*) from orders o join users u on u.id = o.user_id where ${where}`.execute(
            bench.db,
          ),
        ]),
      );
      return { label: 'the page as one SQL statement', ms: page.ms };
    };
    const since = new Date(Date.now() - 3 * 86_400_000);
    const cases: [string, string[], number | undefined, (() => Promise<{ label: string; ms: number }>)?][] = [
      ['user list (pipe)', ['user', 'list'], undefined, async () => tableDrawing],
      ['user list (80 columns)', ['user', 'list'], 80, async () => tableDrawing],
      ['user list --json', ['user', 'list', '--json'], undefined],
      [
        `user list --limit 50 --page ${deep}`,
        ['user', 'list', '--limit', '50', '--page', String(deep)],
        undefined,
        async () => ({
          label: 'the page as one SQL statement',
          ms: (
            await timed(() =>
              sql`select * from users order by id desc limit 50 offset ${(deep - 1) * 50}`.execute(bench.db),
            )
          ).ms,
        }),
      ],
      ['order list (pipe)', ['order', 'list', '--limit', String(rows)], undefined],
      [
        'order list --since 3d --search "9 History Road" --page 3',
        ['order', 'list', '--since', '3d', '--search', '9 History Road', '--limit', '20', '--page', '3'],
        undefined,
        () =>
          plainPage(
            sql`o.created_at >= ${since} and (o.code like '%9 History Road%' or o.delivery_address like
              '%9 History Road%' or o.delivery_phone like '%9 History Road%' or u.first_name like '%9 History Road%')`,
            20,
            40,
          ),
      ],
      [
        // A customer has 2 orders of the quick run's 2,000, 10 of the full run's: page 2 holds one either way.
        'order list --customer 42 --limit 1 --page 2',
        ['order', 'list', '--customer', '42', '--limit', '1', '--page', '2'],
        undefined,
        () => plainPage(sql`o.user_id = 42`, 1, 1),
      ],
      [
        `order list --status delivered,cancelled --limit 50 --page ${deep}`,
        ['order', 'list', '--status', 'delivered,cancelled', '--limit', '50', '--page', String(deep)],
        undefined,
        () => plainPage(sql`o.status in ('delivered', 'cancelled')`, 50, (deep - 1) * 50),
      ],
    ];
    const result: Row[] = [];
    for (const [name, args, columns, floor] of cases) {
      await run(args, columns); // warm: first use loads modules and fills caches
      const { ms, bytes } = await run(args, columns);
      const base = floor && (await floor());
      ctx.log(`${name}: ${fmt(rows)} rows, ${fmt(bytes / 1e3)} kB in ${fmt(ms)} ms`);
      result.push({
        scenario: `${name}, ${fmt(rows)} rows`,
        ours: `${fmt(ms)} ms`,
        baseline: base ? `${fmt(base.ms)} ms (${base.label})` : '-',
        ratio: base ? `${fmt(base.ms / ms, 1)}x` : '-',
        target: '< 1,000 ms',
        met: ctx.quick ? undefined : ms < 1000,
      });
    }
    return result;
  } finally {
    await bench.drop();
  }
}
