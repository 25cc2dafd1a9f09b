import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, SHOPCTL } from '../support/build.js';
import { unique } from '../support/shop.js';
import { childEnv, scratchDir, shopctl } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

let t: TestDatabase;
let project: string;
let launcher: string;
beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 2 });
  // A shop installed in a folder of its own: the launcher, the build, and a .env with relative paths.
  project = await scratchDir();
  await mkdir(join(project, 'bin'));
  launcher = join(project, 'bin', 'shopctl');
  await copyFile(SHOPCTL, launcher);
  await symlink(join(ROOT, 'dist'), join(project, 'dist'));
  await writeFile(
    join(project, '.env'),
    `DATABASE_URL=${t.url}\nSHOP_DATA_DIR=./shop-data\nBTC_ADDRESSES_FILE=./addresses.txt\n`,
  );
  await writeFile(join(project, 'addresses.txt'), '');
}, 240_000);
afterAll(() => t.drop());

/** Nothing of the test run's own shop settings: the launcher alone must find the shop. */
const noShop = { SHOP_HOME: undefined, SHOP_DATA_DIR: undefined, BTC_ADDRESSES_FILE: undefined };

describe('shopctl run from another folder', () => {
  it('uses the shop it was installed in: its .env, and relative paths taken from there', async () => {
    const elsewhere = await scratchDir();
    const name = unique('Tea');
    const added = await shopctl(['category', 'add', name], { cwd: elsewhere, launcher, env: noShop });
    expect(added).toMatchObject({ code: 0, stderr: '' });

    const doctor = await shopctl(['doctor', '--json', '--no-audit'], {
      cwd: elsewhere,
      launcher,
      env: noShop,
    });
    const checks = JSON.parse(doctor.stdout).checks as { check: string; status: string; detail: string }[];
    expect(checks.find((c) => c.check === 'shop')?.detail).toContain(project);
    expect(checks.find((c) => c.check === 'address file')).toMatchObject({
      status: 'ok',
      detail: join(project, 'addresses.txt'),
    });
    // No second shop was started beside the command.
    expect(await readdir(elsewhere)).toEqual([]);

    // Through a symlink on PATH, from yet another folder, it is the same shop.
    const path = await scratchDir();
    await symlink(launcher, join(path, 'shopctl'));
    const other = await scratchDir();
    const listed = await run('sh', ['-c', 'shopctl category list --json'], {
      cwd: other,
      env: childEnv(other, { ...noShop, PATH: `${path}:${process.env.PATH}` }),
    });
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout).map((c: { name: string }) => c.name)).toContain(name);
  });

  it('uses the shop SHOP_HOME names', async () => {
    const name = unique('Coffee');
    await shopctl(['category', 'add', name], { cwd: await scratchDir(), launcher, env: noShop });
    const listed = await shopctl(['category', 'list', '--json'], {
      cwd: await scratchDir(),
      env: { ...noShop, SHOP_HOME: project },
    });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout).map((c: { name: string }) => c.name)).toContain(name);
  });
});
