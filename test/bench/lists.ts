import Table from 'cli-table3';
import { sql } from 'kysely';
import { runCli } from '../../src/cli/main.js';
import { createConfig } from '../../src/config.js';
import { type BenchContext, benchDatabase, fmt, type Row, timed } from './harness.js';
import { seedHistory } from './history.js';

/**
 * `shopctl user list` and `order list` of 10,000 rows, run in-process as printed to a pipe and to an 80-column
 * terminal, against a baseline of the same user rows drawn by cli-table3 (what the lists used before).
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

    const cases: [string, string[], number | undefined][] = [
      ['user list (pipe)', ['user', 'list'], undefined],
      ['user list (80 columns)', ['user', 'list'], 80],
      ['user list --json', ['user', 'list', '--json'], undefined],
      ['order list (pipe)', ['order', 'list', '--limit', String(rows)], undefined],
    ];
    const result: Row[] = [];
    for (const [name, args, columns] of cases) {
      await run(args, columns); // warm: first use loads modules and fills caches
      const { ms, bytes } = await run(args, columns);
      ctx.log(`${name}: ${fmt(rows)} rows, ${fmt(bytes / 1e6, 1)} MB in ${fmt(ms)} ms`);
      result.push({
        scenario: `${name}, ${fmt(rows)} rows`,
        ours: `${fmt(ms)} ms`,
        baseline: name.startsWith('user list (') ? `${fmt(baseline.ms)} ms (cli-table3 drawing alone)` : '-',
        ratio: name.startsWith('user list (') ? `${fmt(baseline.ms / ms, 1)}x` : '-',
        target: '< 1,000 ms',
        met: ctx.quick ? undefined : ms < 1000,
      });
    }
    return result;
  } finally {
    await bench.drop();
  }
}
