import type { Command } from 'commander';
import { emit, iso, JSON_FLAG, printLine, printTable } from '../output.js';
import type { Runtime } from '../runtime.js';

export function registerDbCommands(program: Command, rt: Runtime): Command {
  const db = program.command('db').description('the database schema');

  db.command('migrate')
    .description('apply pending migrations (other commands do this on their own too)')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const shop = await rt.shop.open({ migrate: false });
      const { migrateToLatest } = await import('../../db/migrator.js');
      const applied = await migrateToLatest(shop.db);
      emit(rt.io, opts.json, { applied }, () => {
        if (applied.length === 0) printLine(rt.io, 'The database is up to date.');
        else printLine(rt.io, `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`);
      });
    });

  db.command('status')
    .description('list migrations and whether each has been applied')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const shop = await rt.shop.open({ migrate: false });
      const { migrationStatus } = await import('../../db/migrator.js');
      const migrations = await migrationStatus(shop.db);
      const pending = migrations.filter((m) => !m.executedAt).length;
      const json = {
        migrations: migrations.map((m) => ({ name: m.name, executed_at: iso(m.executedAt) })),
        pending,
      };
      emit(rt.io, opts.json, json, () => {
        printTable(
          rt.io,
          ['Migration', 'Applied at (UTC)'],
          migrations.map((m) => [m.name, m.executedAt ? iso(m.executedAt) : 'pending']),
        );
        printLine(rt.io, pending === 0 ? 'Up to date.' : `${pending} pending; run "shopctl db migrate".`);
      });
    });
  return db;
}
