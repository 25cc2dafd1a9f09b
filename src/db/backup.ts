import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from './connection.js';

/**
 * Backups of the shop's database with MariaDB's own client tools: `mariadb-dump --single-transaction` takes a
 * consistent snapshot without locking the shop, gzip-compressed into a file only the owner can read (0600);
 * `mariadb` loads one back. The password goes to the tools in a private options file, never on the command line
 * where other users could read it.
 */

export class BackupError extends Error {
  override name = 'BackupError';
}

interface Target {
  database: string;
  args: string[];
  password: string;
}

function targetOf(url: string): Target {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const socketPath = parsed.searchParams.get('socketPath');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new BackupError('DATABASE_URL names no database.');
  return {
    database,
    password: decodeURIComponent(parsed.password),
    args: [
      `--user=${decodeURIComponent(parsed.username)}`,
      ...(socketPath
        ? [`--socket=${socketPath}`]
        : [`--host=${parsed.hostname}`, `--port=${parsed.port || '3306'}`, '--protocol=TCP']),
      '--default-character-set=utf8mb4',
    ],
  };
}

/** Runs a MariaDB client tool with the password in a 0600 options file that is removed afterwards. */
async function withClient<T>(
  tool: 'mariadb-dump' | 'mariadb',
  url: string,
  extra: (target: Target) => string[],
  use: (child: ReturnType<typeof spawn>) => Promise<T>,
): Promise<T> {
  const target = targetOf(url);
  const dir = await mkdtemp(join(tmpdir(), 'shop-client-'));
  const options = join(dir, 'client.cnf');
  await writeFile(options, `[client]\npassword="${target.password.replace(/["\\]/g, '\\$&')}"\n`, {
    mode: 0o600,
  });
  try {
    const child = spawn(tool, [`--defaults-extra-file=${options}`, ...target.args, ...extra(target)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number>((resolve, reject) => {
      child.once('error', (error) =>
        reject(new BackupError(`Could not run ${tool}: ${error.message}. Install the MariaDB client tools.`)),
      );
      child.once('close', (code) => resolve(code ?? 1));
    });
    const [value, code] = await Promise.all([use(child), exited]);
    if (code !== 0)
      throw new BackupError(`${tool} failed: ${stderr.trim().split('\n').at(-1) ?? `exit ${code}`}`);
    return value;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes a gzip-compressed, consistent dump of the database to `file` (0600); the file appears only when complete. */
export async function backupDatabase(url: string, file: string): Promise<void> {
  const partial = join(dirname(file), `.${randomBytes(6).toString('hex')}.partial`);
  try {
    await withClient(
      'mariadb-dump',
      url,
      (target) => [
        '--single-transaction',
        '--quick',
        '--skip-lock-tables',
        '--no-tablespaces',
        '--triggers',
        '--hex-blob',
        target.database,
      ],
      async (child) => {
        child.stdin?.end();
        await pipeline(
          child.stdout as NodeJS.ReadableStream,
          createGzip(),
          createWriteStream(partial, { mode: 0o600 }),
        );
      },
    );
    await chmod(partial, 0o600);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Loads a backup made by backupDatabase into the database, replacing the tables it holds. */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  await withClient(
    'mariadb',
    url,
    (target) => ['--batch', target.database],
    async (child) => {
      await pipeline(createReadStream(file), createGunzip(), child.stdin as NodeJS.WritableStream);
    },
  );
}

/**
 * Other sessions of the shop's account on the shop's database (this server; on Galera, this node): a running
 * bot keeps its pool's connections open, so any means someone is using the shop.
 */
export async function otherSessions(db: Db): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*) as n from information_schema.processlist
    where id <> connection_id() and db = database() and user = substring_index(current_user(), '@', 1)`.execute(
    db,
  );
  return Number(row.rows[0]?.n ?? 0);
}
