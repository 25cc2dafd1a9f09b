import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection } from 'mysql2/promise';
import { hardenAccounts } from './embedded-accounts.js';

/**
 * A private MariaDB server for the shop, run from the installed `mariadbd` binary: its own data directory (0700),
 * listening on a unix socket only (and on 127.0.0.1 when a TCP port is asked for), initialised on first use, left
 * running for the next process to reuse. No system service or root password is touched. Its accounts are set
 * right at every start (embedded-accounts.ts).
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
  /** Also listen on 127.0.0.1 at this port (for tools that cannot use a socket); socket only when unset. */
  tcpPort?: number;
  /** More database names or LIKE patterns the shop's account may use (the test suite makes one per file). */
  extraDatabases?: string[];
}

export interface EmbeddedServer {
  /** A mysql:// URL that connects over the unix socket. */
  url: string;
  socketPath: string;
  pid: number;
  stop(): Promise<void>;
}

interface ServerState {
  password: string;
  /** Which account layout the server was last brought to; older folders have none (see embedded-accounts.ts). */
  accounts?: number;
}
const ACCOUNT_LAYOUT = 2;

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
export function socketPathFor(baseDir: string): string {
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

async function initialise(installDb: string, dataDir: string, tmpDir: string): Promise<void> {
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--tmpdir=${tmpDir}`,
    // root@localhost and <owner>@localhost via unix_socket only; no account with an empty password.
    '--auth-root-authentication-method=socket',
    `--auth-root-socket-user=${userInfo().username}`,
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

/**
 * A connection with full rights: the data folder's owner over the socket, or (in a folder made before the accounts
 * were locked down) root with the shop's password. Undefined while the server is not up yet.
 */
async function adminConnection(socketPath: string, password: string): Promise<Connection | undefined> {
  const tries = [{ user: userInfo().username }, { user: 'root', password }];
  let denied = 0;
  for (const credentials of tries) {
    try {
      return await createConnection({ socketPath, ...credentials });
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') denied++;
    }
  }
  if (denied === tries.length) {
    throw new EmbeddedDatabaseError(
      `Cannot administer the private MariaDB server as ${userInfo().username}; was its folder made by another user?`,
    );
  }
  return undefined;
}

async function harden(socketPath: string, state: ServerState, extraDatabases: string[]): Promise<boolean> {
  const connection = await adminConnection(socketPath, state.password);
  if (!connection) return false;
  try {
    await hardenAccounts(connection, {
      admin: userInfo().username,
      shopUser: USER,
      shopPassword: state.password,
      databases: [DATABASE, ...extraDatabases],
    });
    return true;
  } finally {
    await connection.end();
  }
}

/** The folder must be the caller's own: the socket account that administers the server is named after its owner. */
async function secureFolder(baseDir: string, dataDir: string): Promise<void> {
  await mkdir(baseDir, { recursive: true, mode: 0o700 });
  const owner = (await stat(baseDir)).uid;
  if (process.getuid && owner !== process.getuid()) {
    throw new EmbeddedDatabaseError(`${baseDir} belongs to another user; run the shop as that user.`);
  }
  await chmod(baseDir, 0o700);
  if (existsSync(dataDir)) await chmod(dataDir, 0o700);
}

async function saveState(stateFile: string, state: ServerState): Promise<void> {
  await writeFile(stateFile, JSON.stringify({ password: state.password, accounts: ACCOUNT_LAYOUT }), {
    mode: 0o600,
  });
  await chmod(stateFile, 0o600);
}

/** Starts the private server unless it is already running, and returns how to reach it. */
export async function ensureEmbeddedMariaDb(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const mariadbd = findBinary(['mariadbd', 'mysqld']);
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) throw new EmbeddedDatabaseError(INSTALL_HINT);

  const { baseDir } = options;
  const dataDir = join(baseDir, 'data');
  // Temporary tables hold customers' data too; and a shared /tmp gets swept by others.
  const tmpDir = join(baseDir, 'tmp');
  await secureFolder(baseDir, dataDir);
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const stateFile = join(baseDir, 'server.json');
  const pidFile = join(baseDir, 'mariadbd.pid');
  const errorLog = join(baseDir, 'mariadbd.err');
  const socketPath = socketPathFor(baseDir);

  const extraDatabases = options.extraDatabases ?? [];
  return withStartLock(baseDir, async () => {
    let state: ServerState | undefined;
    if (existsSync(stateFile)) state = JSON.parse(await readFile(stateFile, 'utf8')) as ServerState;
    const runningPid = await readPid(pidFile);
    const server = (pid: number, current: ServerState): EmbeddedServer => ({
      url: `mysql://${USER}:${encodeURIComponent(current.password)}@localhost/${DATABASE}?socketPath=${encodeURIComponent(socketPath)}`,
      socketPath,
      pid,
      stop: () => stopServer(pid),
    });

    if (state && runningPid && processAlive(runningPid) && (await canConnect(socketPath, state.password))) {
      // Started by an older version: fix its accounts now rather than at its next restart.
      if (state.accounts !== ACCOUNT_LAYOUT && (await harden(socketPath, state, extraDatabases))) {
        await saveState(stateFile, state);
      }
      return server(runningPid, state);
    }

    const fresh = !existsSync(join(dataDir, 'mysql'));
    if (fresh) {
      await rm(dataDir, { recursive: true, force: true });
      await initialise(installDb, dataDir, tmpDir);
      await chmod(dataDir, 0o700);
      state = { password: randomBytes(18).toString('base64url') };
    }
    if (!state) {
      throw new EmbeddedDatabaseError(`${stateFile} is missing; remove ${baseDir} to start from scratch.`);
    }

    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--tmpdir=${tmpDir}`,
      `--socket=${socketPath}`,
      ...(options.tcpPort
        ? [`--port=${options.tcpPort}`, '--bind-address=127.0.0.1']
        : ['--skip-networking']),
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
      if (await harden(socketPath, state, extraDatabases)) {
        await saveState(stateFile, state);
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

/** The pid of the private server under `baseDir` when it is running. */
export async function runningServerPid(baseDir: string): Promise<number | undefined> {
  const pid = await readPid(join(baseDir, 'mariadbd.pid'));
  return pid !== undefined && processAlive(pid) ? pid : undefined;
}
