import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityChecks } from '../../src/cli/commands/doctor-security.js';
import { createConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/connection.js';
import { ensureEmbeddedMariaDb, stopServer } from '../../src/db/embedded.js';
import { hasNoPassword, listAccounts } from '../../src/db/embedded-accounts.js';

const run = promisify(execFile);
let root: string;
const pids: number[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shop-embedded-'));
});
afterAll(async () => {
  for (const pid of pids) await stopServer(pid);
  await rm(root, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows;
  } finally {
    await connection.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The data folder's owner over the socket: the only account with full rights. */
const asOwner = (socketPath: string) => createConnection({ socketPath, user: userInfo().username });

async function withConnection<T>(open: Promise<Connection>, work: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await open;
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

const passwordOf = async (baseDir: string) =>
  (JSON.parse(await readFile(join(baseDir, 'server.json'), 'utf8')) as { password: string }).password;

describe('embedded MariaDB', () => {
  // Long enough that the socket falls back to the shared temp folder, where any local user can reach it: the
  // accounts, not the folder's mode, must keep them out.
  let baseDir: string;
  beforeAll(async () => {
    baseDir = join(root, 'a-folder-name-long-enough-to-push-the-socket-out-of-it', 'mariadb');
    await mkdir(join(root, 'a-folder-name-long-enough-to-push-the-socket-out-of-it'));
  });

  it('initialises on first use, is reused while running, and keeps its data across restarts', async () => {
    const first = await ensureEmbeddedMariaDb({ baseDir, serverArgs: ['--innodb-buffer-pool-size=64M'] });
    pids.push(first.pid);
    expect(first.url).toMatch(/^mysql:\/\/shop:[^@]+@localhost\/shop\?socketPath=/);
    expect(
      await query(first.url, 'select host from information_schema.processlist where id = connection_id()'),
    ).toEqual([{ host: 'localhost' }]);
    expect((await stat(join(baseDir, 'server.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(baseDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(baseDir, 'data'))).mode & 0o777).toBe(0o700);
    await query(first.url, 'create table kept (id int primary key)');
    await query(first.url, 'insert into kept values (7)');

    const again = await ensureEmbeddedMariaDb({ baseDir });
    expect(again.pid).toBe(first.pid);
    expect(again.url).toBe(first.url);

    await first.stop();
    const restarted = await ensureEmbeddedMariaDb({ baseDir });
    pids.push(restarted.pid);
    expect(restarted.pid).not.toBe(first.pid);
    expect(await query(restarted.url, 'select id from kept')).toEqual([{ id: 7 }]);
  });

  it('listens on its socket only and lets in nobody but the shop and the folder owner', async () => {
    const server = await ensureEmbeddedMariaDb({ baseDir });
    expect(await query(server.url, 'select @@skip_networking as off, @@port as port')).toEqual([
      { off: 1, port: 0 },
    ]);
    for (const user of ['', 'anyone']) {
      await expect(createConnection({ socketPath: server.socketPath, user })).rejects.toThrow(
        /Access denied/,
      );
    }
    const password = await passwordOf(baseDir);
    const rootLogin = createConnection({ socketPath: server.socketPath, user: 'root', password });
    if (userInfo().username === 'root') {
      // root is the folder's owner here, and gets in only through the socket's peer credentials...
      await withConnection(rootLogin, async (c) =>
        expect((await c.query('select current_user() as me'))[0]).toEqual([{ me: 'root@localhost' }]),
      );
      // ...which another OS user does not have, whatever password it sends. The socket sits in the temp folder
      // (see above); the test run keeps that private, so it is opened to passers-by for this one attempt.
      const socketDir = dirname(server.socketPath);
      const socketDirMode = (await stat(socketDir)).mode & 0o777;
      await chmod(socketDir, socketDirMode | 0o011);
      const other = run('setpriv', [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        'mariadb',
        '--no-defaults',
        `--socket=${server.socketPath}`,
        '-u',
        'root',
        `--password=${password}`,
        '-e',
        'select 1',
      ]);
      await expect(other)
        .rejects.toThrow(/Access denied for user 'root'/)
        .finally(() => chmod(socketDir, socketDirMode));
    } else {
      await expect(rootLogin).rejects.toThrow(/Access denied/);
    }
    await withConnection(asOwner(server.socketPath), async (c) => {
      const accounts = await listAccounts(c);
      expect(accounts.filter(hasNoPassword)).toEqual([]);
      expect(accounts.filter((a) => a.user === 'root' || a.user === '').map((a) => a.host)).toEqual(
        userInfo().username === 'root' ? ['localhost'] : [],
      );
    });
  });

  it('gives the shop its own database and nothing server-wide', async () => {
    const server = await ensureEmbeddedMariaDb({ baseDir });
    expect(await query(server.url, "select load_file('/etc/passwd') as secret")).toEqual([{ secret: null }]);
    await expect(query(server.url, 'create database other')).rejects.toThrow(/Access denied/);
    await expect(query(server.url, 'select * from mysql.global_priv')).rejects.toThrow(/denied/);
    const grants = (await query(server.url, 'show grants')) as Record<string, string>[];
    const text = grants.map((row) => Object.values(row)[0]).join('\n');
    expect(text).toMatch(/GRANT USAGE ON \*\.\* TO `shop`@`localhost` IDENTIFIED BY PASSWORD/);
    expect(text).not.toMatch(/GRANT OPTION|FILE|SUPER|ALL PRIVILEGES/);
    // Everything the migrations and the app need, on its own database.
    await query(server.url, 'create table t (id int primary key, parent int, key (parent))');
    await query(server.url, 'alter table t add constraint fk foreign key (parent) references t (id)');
    await query(server.url, 'create temporary table scratch (id int)');
    await query(server.url, 'drop table t');
  });
});

describe('embedded MariaDB over TCP, and a data folder made by the previous version', () => {
  it('binds 127.0.0.1 at the asked port and locks the old accounts on the next start', async () => {
    // Laid out as SHOP_DATA_DIR/mariadb, so doctor finds it as it would in the shop's folder.
    const dataDir = join(root, 'tcp');
    const baseDir = join(dataDir, 'mariadb');
    await mkdir(dataDir);
    // What shopctl doctor says of the accounts; it asks the private server as the data folder's owner.
    const doctorAccounts = async (url: string) => {
      const db = createDatabase(url, { connectionLimit: 1 });
      try {
        const checks = await securityChecks(createConfig({ SHOP_DATA_DIR: dataDir }), db, undefined);
        return checks.find((c) => c.check === 'accounts');
      } finally {
        await db.destroy();
      }
    };
    const port = await freePort();
    const first = await ensureEmbeddedMariaDb({ baseDir, tcpPort: port });
    pids.push(first.pid);
    const password = await passwordOf(baseDir);
    const tcp = (user: string, secret?: string) =>
      createConnection({ host: '127.0.0.1', port, user, password: secret, database: 'shop' });
    expect(await query(first.url, 'select @@bind_address as bound, @@port as port')).toEqual([
      { bound: '127.0.0.1', port },
    ]);
    await withConnection(tcp('shop', password), async () => {});
    for (const user of ['root', '']) await expect(tcp(user)).rejects.toThrow(/Access denied/);

    // What the previous version left behind: the install's root and anonymous accounts without passwords,
    // root@localhost with the shop's password, and the shop with every right on the server.
    const old = [
      ...['127.0.0.1', '::1', hostname()].flatMap((host) => [
        `CREATE USER 'root'@'${host}'`,
        `GRANT ALL PRIVILEGES ON *.* TO 'root'@'${host}' WITH GRANT OPTION`,
      ]),
      `CREATE USER ''@'localhost'`,
      `CREATE USER ''@'${hostname()}'`,
      `GRANT ALL PRIVILEGES ON *.* TO 'shop'@'localhost' WITH GRANT OPTION`,
      `GRANT ALL PRIVILEGES ON *.* TO 'shop'@'127.0.0.1' WITH GRANT OPTION`,
    ];
    // Without a socket login for the folder's owner, which the old version had not made.
    const ownerLoginGone = [
      ...(userInfo().username === 'root' ? [] : [`DROP USER '${userInfo().username}'@'localhost'`]),
      `ALTER USER 'root'@'localhost' IDENTIFIED BY '${password}'`,
    ];
    await withConnection(asOwner(first.socketPath), async (c) => {
      for (const statement of old) await c.query(statement);
      // While the owner can still look, doctor names the open accounts.
      expect(await doctorAccounts(first.url)).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(`'root'@'127.0.0.1'`),
      });
      for (const statement of ownerLoginGone) await c.query(statement);
    });
    await writeFile(join(baseDir, 'server.json'), JSON.stringify({ port, password }));
    // The old state is really open: root over TCP without a password reads any file.
    await withConnection(tcp('root'), async (c) => {
      const [rows] = await c.query("select load_file('/etc/passwd') is not null as readable");
      expect(rows).toEqual([{ readable: 1 }]);
    });
    await first.stop();

    const upgraded = await ensureEmbeddedMariaDb({ baseDir, tcpPort: port });
    pids.push(upgraded.pid);
    for (const user of ['root', '']) await expect(tcp(user)).rejects.toThrow(/Access denied/);
    await withConnection(tcp('shop', password), async (c) => {
      const [rows] = await c.query("select load_file('/etc/passwd') as secret");
      expect(rows).toEqual([{ secret: null }]);
    });
    await withConnection(asOwner(upgraded.socketPath), async (c) => {
      const accounts = await listAccounts(c);
      expect(accounts.filter(hasNoPassword)).toEqual([]);
      expect(accounts.filter((a) => a.user === 'root' || a.user === '').length).toBeLessThanOrEqual(1);
      const [rows] = await c.query(
        "select count(*) as n from mysql.global_priv where user = 'shop' and json_value(priv, '$.access') <> 0",
      );
      expect(rows).toEqual([{ n: 0 }]);
    });
    expect(await doctorAccounts(upgraded.url)).toMatchObject({ status: 'ok' });
    expect(JSON.parse(await readFile(join(baseDir, 'server.json'), 'utf8'))).toEqual({
      password,
      accounts: 2,
    });
  });
});
