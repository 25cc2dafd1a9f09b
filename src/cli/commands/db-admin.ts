import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { RefusedError } from '../errors.js';
import { emit, JSON_FLAG, printLine, printTable } from '../output.js';
import { askText, confirmAction, orAsk } from '../prompts.js';
import type { Runtime, Shop } from '../runtime.js';

/**
 * The database as an owner handles it: backups and restores with MariaDB's own tools, and the private server
 * (the one the shop starts itself when DATABASE_URL is unset) shown and stopped.
 */

export function registerDbAdminCommands(db: Command, rt: Runtime): void {
  db.command('backup [file]')
    .description('write a consistent, gzip-compressed dump (0600); default: backups/ in the data folder')
    .action(async (file: string | undefined) => {
      const shop = await rt.shop.open({ migrate: false });
      const target = file ? resolve(file) : await defaultBackupFile(shop);
      if (existsSync(target)) throw new RefusedError(`${target} exists; give another file name.`);
      const { backupDatabase } = await import('../../db/backup.js');
      await backupDatabase(urlOf(shop), target);
      printLine(rt.io, `Backed up to ${target}.`);
    });

  db.command('restore [file]')
    .description(
      'load a backup, replacing the tables it holds; refused while the bot (or anything) is connected',
    )
    .option('--yes', 'do not ask for confirmation')
    .action(async (given: string | undefined, opts: { yes?: boolean }) => {
      const file = await orAsk(rt, given, 'the backup file', () => askText(rt, 'Backup file to restore'));
      await confirmAction(rt, opts.yes, `replace the shop's tables with ${file}`);
      const url = urlOf(await rt.shop.open({ migrate: false }));
      // This command's own connection would count as somebody else's below.
      await rt.shop.close();
      const source = resolve(file);
      if (!existsSync(source)) throw new RefusedError(`${source} does not exist.`);
      const [{ createDatabase }, { otherSessions, restoreDatabase }] = await Promise.all([
        import('../../db/connection.js'),
        import('../../db/backup.js'),
      ]);
      // A pool of one: every other session of the shop's account is then somebody else's.
      const probe = createDatabase(url, { connectionLimit: 1 });
      try {
        const others = await otherSessions(probe);
        if (others > 0) {
          throw new RefusedError(
            `${others} other connection(s) to the shop's database are open: stop the bot (and other shopctl commands) first.`,
          );
        }
      } finally {
        await probe.destroy();
      }
      await restoreDatabase(url, source);
      printLine(rt.io, `Restored ${source}.`);
    });

  db.command('stats')
    .description("the size of each of the shop's tables (row counts are the server's estimates)")
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const shop = await rt.shop.open({ migrate: false });
      const { tableSizes } = await import('../../retention/retention.repository.js');
      const tables = await tableSizes(shop.db);
      emit(rt.io, opts.json, { tables }, () =>
        printTable(
          rt.io,
          ['Table', 'Rows (approx.)', 'Size'],
          tables.map((t) => [t.table, t.rows, `${(t.bytes / 1024 / 1024).toFixed(2)} MiB`]),
        ),
      );
    });

  const server = db
    .command('server')
    .description('the private MariaDB server (used when DATABASE_URL is unset)');
  server
    .command('status')
    .description('whether the private server is running, and where')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const status = await serverStatus(rt);
      emit(rt.io, opts.json, status, () => printLine(rt.io, describe(status)));
    });
  server
    .command('stop')
    .description(
      'stop the private server (the bot must be stopped first; anything that needs it starts it again)',
    )
    .action(async () => {
      const status = await serverStatus(rt);
      if (status.mode === 'external')
        throw new RefusedError('DATABASE_URL is set: the shop runs no server of its own.');
      if (status.pid === null) return printLine(rt.io, 'The private server is not running.');
      const { ensureEmbeddedMariaDb, stopServer } = await import('../../db/embedded.js');
      const [{ createDatabase }, { otherSessions }] = await Promise.all([
        import('../../db/connection.js'),
        import('../../db/backup.js'),
      ]);
      const probe = createDatabase((await ensureEmbeddedMariaDb({ baseDir: status.folder })).url, {
        connectionLimit: 1,
      });
      try {
        if ((await otherSessions(probe)) > 0)
          throw new RefusedError('The bot (or another command) is using the server: stop it first.');
      } finally {
        await probe.destroy();
      }
      await stopServer(status.pid);
      printLine(rt.io, `Stopped the private server (pid ${status.pid}).`);
    });
}

function urlOf(shop: Shop): string {
  if (!shop.url) throw new RefusedError('The database URL is unknown here.');
  return shop.url;
}

async function defaultBackupFile(shop: Shop): Promise<string> {
  const folder = join(shop.config.dataDir, 'backups');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return join(folder, `shop-${stamp}.sql.gz`);
}

interface ServerStatus {
  mode: 'private' | 'external';
  folder: string;
  pid: number | null;
}

async function serverStatus(rt: Runtime): Promise<ServerStatus> {
  const config = rt.shop.config();
  const folder = join(config.dataDir, 'mariadb');
  if (config.databaseUrl) return { mode: 'external', folder, pid: null };
  const { runningServerPid } = await import('../../db/embedded.js');
  return { mode: 'private', folder, pid: (await runningServerPid(folder)) ?? null };
}

function describe(status: ServerStatus): string {
  if (status.mode === 'external')
    return 'DATABASE_URL is set: the shop uses that server and runs none of its own.';
  return status.pid === null
    ? `The private server (${status.folder}) is not running; the bot or any shopctl command starts it.`
    : `The private server (${status.folder}) is running, pid ${status.pid}.`;
}
