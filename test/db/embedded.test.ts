import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEmbeddedMariaDb, stopServer } from '../../src/db/embedded.js';

let baseDir: string;
const pids: number[] = [];
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'shop-embedded-'));
});
afterAll(async () => {
  for (const pid of pids) await stopServer(pid);
  await rm(baseDir, { recursive: true, force: true });
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

describe('embedded MariaDB', () => {
  it('initialises on first use, is reused while running, and keeps its data across restarts', async () => {
    const first = await ensureEmbeddedMariaDb({ baseDir, serverArgs: ['--innodb-buffer-pool-size=64M'] });
    pids.push(first.pid);
    expect(first.url).toMatch(/^mysql:\/\/shop:[^@]+@127\.0\.0\.1:\d+\/shop\?socketPath=/);
    // The URL goes over the unix socket (a TCP client would show as 127.0.0.1:port).
    expect(
      await query(first.url, 'select host from information_schema.processlist where id = connection_id()'),
    ).toEqual([{ host: 'localhost' }]);
    expect((await stat(join(baseDir, 'server.json'))).mode & 0o777).toBe(0o600);
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

  it('listens only on the loopback address and refuses the root account without its password', async () => {
    const server = await ensureEmbeddedMariaDb({ baseDir });
    const rows = (await query(server.url, "show variables like 'bind_address'")) as { Value: string }[];
    expect(rows[0]?.Value).toBe('127.0.0.1');
    await expect(createConnection({ socketPath: server.socketPath, user: 'root' })).rejects.toThrow(
      /Access denied/,
    );
  });
});
