import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';

/**
 * A private MariaDB server for the shop, run from the installed `mariadbd` binary: its own data directory,
 * bound to 127.0.0.1 and a unix socket, initialised on first use, left running for the next process to reuse.
 * No system service or root password is touched.
 */

const run = promisify(execFile);
const SEARCH_PATH = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/usr/libexec'];
export const INSTALL_HINT =
  'MariaDB is not installed. Install it with "sudo apt-get install mariadb-server" (Debian/Ubuntu), or set DATABASE_URL to an existing server.';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedOptions {
  /** The folder that holds everything of this server: data, socket, logs, credentials. */
  baseDir: string;
  /** Extra mariadbd options (the test suite trades durability for speed). */
  serverArgs?: string[];
  /** Seconds to wait for the server to accept connections. */
  startTimeoutSeconds?: number;
}

export interface EmbeddedServer {
  /** A mysql:// URL that connects over the unix socket, cheaper than TCP per statement (and TCP still works). */
  url: string;
  socketPath: string;
  pid: number;
  stop(): Promise<void>;
}

interface ServerState {
  port: number;
  password: string;
}

const DATABASE = 'shop';
const USER = 'shop';

function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH_PATH];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Unix sockets have a ~107 byte path limit; fall back to a short path in the temp folder. */
function socketPathFor(baseDir: string): string {
  const preferred = join(baseDir, 'mariadb.sock');
  if (Buffer.byteLength(preferred) < 100) return preferred;
  const tag = Buffer.from(baseDir).toString('base64url').slice(-24);
  return join(tmpdir(), `shop-${tag}.sock`);
}

/** Serialises starters (say, the bot and shopctl launched together) with an exclusive lock file. */
async function withStartLock<T>(baseDir: string, work: () => Promise<T>): Promise<T> {
  const lockFile = join(baseDir, 'start.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readPid(lockFile);
      if (holder === undefined || !processAlive(holder)) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new EmbeddedDatabaseError(`Timed out waiting for ${lockFile}.`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function canConnect(socketPath: string, password: string): Promise<boolean> {
  try {
    const connection = await createConnection({ socketPath, user: USER, password, database: DATABASE });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

async function initialise(installDb: string, dataDir: string): Promise<void> {
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--user=${userInfo().username}`,
  ];
  try {
    await run(installDb, args, { timeout: 120_000 });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    const output = (error as { stderr?: string }).stderr ?? (error as Error).message;
    throw new EmbeddedDatabaseError(`Could not initialise the MariaDB data directory: ${output.trim()}`);
  }
}

/** Sets a password on root and creates the shop's own account and database, over the socket. */
async function provision(socketPath: string, password: string): Promise<void> {
  const connection = await createConnection({ socketPath, user: 'root', multipleStatements: true });
  try {
    const escaped = connection.escape(password);
    await connection.query(
      [
        `CREATE DATABASE IF NOT EXISTS ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
        `CREATE USER IF NOT EXISTS '${USER}'@'localhost' IDENTIFIED BY ${escaped}`,
        `CREATE USER IF NOT EXISTS '${USER}'@'127.0.0.1' IDENTIFIED BY ${escaped}`,
        `GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'localhost' WITH GRANT OPTION`,
        `GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'127.0.0.1' WITH GRANT OPTION`,
        `ALTER USER 'root'@'localhost' IDENTIFIED BY ${escaped}`,
        'FLUSH PRIVILEGES',
      ].join(';'),
    );
  } finally {
    await connection.end();
  }
}

/** Starts the private server unless it is already running, and returns how to reach it. */
export async function ensureEmbeddedMariaDb(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const mariadbd = findBinary(['mariadbd', 'mysqld']);
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) throw new EmbeddedDatabaseError(INSTALL_HINT);

  const { baseDir } = options;
  await mkdir(baseDir, { recursive: true, mode: 0o700 });
  const dataDir = join(baseDir, 'data');
  const stateFile = join(baseDir, 'server.json');
  const pidFile = join(baseDir, 'mariadbd.pid');
  const errorLog = join(baseDir, 'mariadbd.err');
  const socketPath = socketPathFor(baseDir);

  return withStartLock(baseDir, async () => {
    let state: ServerState | undefined;
    if (existsSync(stateFile)) state = JSON.parse(await readFile(stateFile, 'utf8')) as ServerState;
    const runningPid = await readPid(pidFile);
    const server = (pid: number, current: ServerState): EmbeddedServer => ({
      url: `mysql://${USER}:${encodeURIComponent(current.password)}@127.0.0.1:${current.port}/${DATABASE}?socketPath=${encodeURIComponent(socketPath)}`,
      socketPath,
      pid,
      stop: () => stopServer(pid),
    });

    if (state && runningPid && processAlive(runningPid) && (await canConnect(socketPath, state.password))) {
      return server(runningPid, state);
    }

    const fresh = !existsSync(join(dataDir, 'mysql'));
    if (fresh) {
      await rm(dataDir, { recursive: true, force: true });
      await initialise(installDb, dataDir);
      state = { port: await freePort(), password: randomBytes(18).toString('base64url') };
    }
    if (!state) {
      throw new EmbeddedDatabaseError(`${stateFile} is missing; remove ${baseDir} to start from scratch.`);
    }

    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${socketPath}`,
      `--port=${state.port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${pidFile}`,
      `--log-error=${errorLog}`,
      '--skip-name-resolve',
      `--user=${userInfo().username}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      ...(options.serverArgs ?? []),
    ];
    const child = spawn(mariadbd, args, { detached: true, stdio: 'ignore' });
    child.unref();
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });

    const deadline = Date.now() + (options.startTimeoutSeconds ?? 60) * 1000;
    for (;;) {
      if (fresh) {
        try {
          await provision(socketPath, state.password);
          await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
          break;
        } catch {
          // not accepting connections yet
        }
      } else if (await canConnect(socketPath, state.password)) {
        break;
      }
      if (exited || Date.now() > deadline) {
        const log = existsSync(errorLog)
          ? (await readFile(errorLog, 'utf8')).split('\n').slice(-8).join('\n')
          : '';
        if (!exited) await stopServer(child.pid ?? 0);
        throw new EmbeddedDatabaseError(
          `The private MariaDB server did not start. Its log (${errorLog}) ends:\n${log}`,
        );
      }
      await sleep(100);
    }
    return server(child.pid ?? 0, state);
  });
}

/** Stops a server started by ensureEmbeddedMariaDb and waits until it is gone. */
export async function stopServer(pid: number): Promise<void> {
  if (!pid || !processAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 300 && processAlive(pid); i++) await sleep(100);
}
