import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';

/**
 * A throwaway three-node MariaDB Galera cluster on loopback ports, from Debian's mariadb-server and galera-4:
 * private data folders under one temp folder, node 1 bootstraps, nodes 2 and 3 join by rsync state transfer.
 * Started as root, the nodes run as the `mysql` user with folders owned by it: the rsync daemon of a state
 * transfer drops to `nobody` when run as root and then cannot write the data folder.
 */

const run = promisify(execFile);
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';
const USER = 'shop';
const PASSWORD = 'galera-test';

export interface GaleraNode {
  name: string;
  port: number;
  /** mysql:// URL of the node's server, no database chosen. */
  url: string;
}

export interface GaleraCluster {
  nodes: GaleraNode[];
  /** Seconds from the first node's launch until all three were synced. */
  formedInSeconds: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

interface NodeSetup {
  name: string;
  dir: string;
  port: number;
  gcomm: number;
  ist: number;
  sst: number;
}

function serverArgs(node: NodeSetup, all: NodeSetup[], osUser: string, bootstrap: boolean): string[] {
  const peers = all.map((n) => `127.0.0.1:${n.gcomm}`).join(',');
  return [
    '--no-defaults',
    `--datadir=${join(node.dir, 'data')}`,
    `--socket=${join(node.dir, 'mysqld.sock')}`,
    `--pid-file=${join(node.dir, 'mysqld.pid')}`,
    `--log-error=${join(node.dir, 'error.log')}`,
    `--port=${node.port}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    `--user=${osUser}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    // What Galera requires of every node (the README lists these for a production cluster).
    '--binlog-format=ROW',
    '--default-storage-engine=InnoDB',
    '--innodb-autoinc-lock-mode=2',
    // Durability is worthless here; memory on a small machine is not.
    '--innodb-flush-log-at-trx-commit=0',
    '--innodb-buffer-pool-size=64M',
    '--max-connections=400',
    '--wsrep-on=ON',
    `--wsrep-provider=${GALERA_PROVIDER}`,
    '--wsrep-cluster-name=shop-test',
    `--wsrep-node-name=${node.name}`,
    `--wsrep-node-address=127.0.0.1:${node.gcomm}`,
    `--wsrep-cluster-address=gcomm://${bootstrap ? '' : peers}`,
    `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${node.gcomm};ist.recv_addr=127.0.0.1:${node.ist};gcache.size=32M`,
    '--wsrep-sst-method=rsync',
    `--wsrep-sst-receive-address=127.0.0.1:${node.sst}`,
    '--wsrep-slave-threads=2',
  ];
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs: number, log: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      const tail = await readFile(log, 'utf8').catch(() => '(no log)');
      throw new Error(
        `timed out waiting for ${what}; its log ends:\n${tail.split('\n').slice(-30).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Queries a node as root over its unix socket (root has no password and no TCP access). */
async function asRoot<T>(node: NodeSetup, work: (query: (sql: string) => Promise<unknown>) => Promise<T>) {
  const conn = await createConnection({ socketPath: join(node.dir, 'mysqld.sock'), user: 'root' });
  try {
    return await work(async (sql) => (await conn.query(sql))[0]);
  } finally {
    await conn.end();
  }
}

async function synced(node: NodeSetup, size: number): Promise<boolean> {
  return asRoot(node, async (query) => {
    const rows = (await query(
      "show status where variable_name in ('wsrep_local_state_comment', 'wsrep_cluster_size')",
    )) as { Variable_name: string; Value: string }[];
    const status = Object.fromEntries(rows.map((r) => [r.Variable_name, r.Value]));
    return status.wsrep_local_state_comment === 'Synced' && Number(status.wsrep_cluster_size) === size;
  });
}

export async function startGaleraCluster(options: { size?: number } = {}): Promise<GaleraCluster> {
  if (!existsSync(GALERA_PROVIDER)) {
    throw new Error(`${GALERA_PROVIDER} is missing: install Debian's galera-4 and rsync.`);
  }
  const size = options.size ?? 3;
  const asRootUser = process.getuid?.() === 0;
  const osUser = asRootUser ? 'mysql' : userInfo().username;
  const base = await mkdtemp(join(tmpdir(), 'shop-galera-'));
  const children: ChildProcess[] = [];
  const started = Date.now();

  async function stop() {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await rm(base, { recursive: true, force: true });
  }

  try {
    const nodes: NodeSetup[] = [];
    for (let i = 1; i <= size; i++) {
      const dir = join(base, `node${i}`);
      await mkdir(join(dir, 'data'), { recursive: true });
      const [port, gcomm, ist, sst] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      nodes.push({ name: `node${i}`, dir, port, gcomm, ist, sst });
    }
    if (asRootUser) {
      const { uid, gid } = await uidOf(osUser);
      for (const path of [base, ...nodes.flatMap((n) => [n.dir, join(n.dir, 'data')])])
        await chown(path, uid, gid);
    }
    const [first, ...joiners] = nodes as [NodeSetup, ...NodeSetup[]];
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(first.dir, 'data')}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
      `--user=${osUser}`,
    ]);
    const launch = (node: NodeSetup, bootstrap: boolean) => {
      const child = spawn(MARIADBD, serverArgs(node, nodes, osUser, bootstrap), { stdio: 'ignore' });
      children.push(child);
    };
    launch(first, true);
    const firstLog = join(first.dir, 'error.log');
    await waitUntil(() => synced(first, 1), 'node1 to bootstrap the cluster', 60_000, firstLog);
    await asRoot(first, async (query) => {
      await query(`create user '${USER}'@'127.0.0.1' identified by '${PASSWORD}'`);
      await query(`grant all on *.* to '${USER}'@'127.0.0.1'`);
    });
    // Both joiners at once: the second one's state transfer waits for a free donor, but their start-ups overlap.
    for (const node of joiners) launch(node, false);
    for (const node of joiners) {
      await waitUntil(() => synced(node, size), `${node.name} to join`, 120_000, join(node.dir, 'error.log'));
    }
    return {
      nodes: nodes.map((n) => ({
        name: n.name,
        port: n.port,
        url: `mysql://${USER}:${PASSWORD}@127.0.0.1:${n.port}/`,
      })),
      formedInSeconds: (Date.now() - started) / 1000,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
