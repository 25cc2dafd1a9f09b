import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNpmAudit, securityChecks } from '../../src/cli/commands/doctor-security.js';
import { createConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'shop-doctor-'));
});
afterAll(() => t.drop());

/** A stand-in for npm that prints `report` (no registry involved) and exits like npm audit does on findings. */
async function fakeNpm(report: unknown): Promise<string> {
  const path = join(dir, `npm-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, `#!/bin/sh\ncat <<'JSON'\n${JSON.stringify(report)}\nJSON\nexit 1\n`, {
    mode: 0o755,
  });
  return path;
}

describe('doctor security checks', () => {
  it('reports the server version, its listeners, and files other users can read', async () => {
    const dataDir = join(dir, 'data');
    await mkdir(join(dataDir, 'mariadb'), { recursive: true });
    await writeFile(join(dataDir, 'mariadb', 'server.json'), '{}');
    await chmod(join(dataDir, 'mariadb'), 0o755);
    await chmod(join(dataDir, 'mariadb', 'server.json'), 0o644);
    const config = createConfig({ DATABASE_URL: t.url, SHOP_DATA_DIR: dataDir });
    const byName = async () =>
      Object.fromEntries((await securityChecks(config, t.db, undefined)).map((c) => [c.check, c]));

    const open = await byName();
    expect(open['MariaDB version']).toMatchObject({ status: 'ok' });
    expect(open.listeners).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^unix socket only/),
    });
    expect(open['data folder']).toMatchObject({ status: 'fail', detail: expect.stringContaining('is 0755') });
    expect(open['server.json']).toMatchObject({ status: 'fail' });
    // The test server's shop account may not read the account list, and doctor says so instead of failing.
    expect(open.accounts).toMatchObject({ status: 'warn' });
    expect(open['npm audit']).toBeUndefined();

    await chmod(join(dataDir, 'mariadb'), 0o700);
    await chmod(join(dataDir, 'mariadb', 'server.json'), 0o600);
    const closed = await byName();
    expect([closed['data folder']?.status, closed['server.json']?.status]).toEqual(['ok', 'ok']);
  });

  it('names high and critical advisories, and only warns when npm audit cannot run', async () => {
    const findings = await fakeNpm({
      vulnerabilities: {
        leftpad: { severity: 'high' },
        tiny: { severity: 'low' },
        big: { severity: 'critical' },
      },
    });
    expect(await runNpmAudit(findings, dir)).toEqual({
      status: 'fail',
      detail: 'advisories: leftpad (high), big (critical); see "npm audit --omit=dev"',
    });
    expect(await runNpmAudit(await fakeNpm({ vulnerabilities: {} }), dir)).toMatchObject({ status: 'ok' });
    const offline = await fakeNpm({ error: { code: 'ENOTFOUND', summary: 'request to registry failed' } });
    for (const npm of [offline, join(dir, 'no-such-npm')]) {
      expect(await runNpmAudit(npm, dir)).toEqual({
        status: 'warn',
        detail: 'could not run npm audit (is npm installed and the registry reachable?)',
      });
    }
  });
});
