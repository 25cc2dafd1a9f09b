import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, SHOPCTL } from '../support/build.js';
import { childEnv, type ProcessResult, scratchDir } from '../support/subprocess.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CUSTOMERS = 10_000;

let t: TestDatabase;
let cwd: string;
beforeAll(async () => {
  await ensureBuilt();
  t = await createTestDatabase({ connectionLimit: 2 });
  cwd = await scratchDir();
  // Long names make the listing several megabytes: many times what a pipe holds at once.
  const rows = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: 500_000 + i,
    username: `customer_${i}`,
    first_name: `Имя ${i} ${'x'.repeat(60)}`,
    last_name: 'y'.repeat(60),
    created_at: new Date(Date.now() - i * 60_000),
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await t.db
      .insertInto('users')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}, 240_000);
afterAll(() => t.drop());

/** Runs shopctl with its stdout read by a reader that pauses after every chunk, as a busy consumer would. */
function slowlyRead(args: string[]): Promise<ProcessResult & { chunks: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SHOPCTL, ...args], {
      cwd,
      env: childEnv(cwd, { DATABASE_URL: t.url }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let chunks = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      chunks++;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 5);
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, chunks, ms: Date.now() - started }));
  });
}

describe('output into a pipe', () => {
  it('delivers several megabytes of --json to a slow reader completely', async () => {
    const result = await slowlyRead(['user', 'list', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.length).toBeGreaterThan(2_000_000);
    expect(result.chunks).toBeGreaterThan(10);
    const users = JSON.parse(result.stdout) as { telegram_id: number }[];
    expect(users).toHaveLength(CUSTOMERS);
    expect(new Set(users.map((u) => u.telegram_id)).size).toBe(CUSTOMERS);
  });

  it('stops quietly when the reader goes away early (| head -1)', async () => {
    const result = await new Promise<ProcessResult>((resolve, reject) => {
      const started = Date.now();
      // pipefail: the pipeline's status is shopctl's, not head's.
      const child = spawn(
        'bash',
        ['-c', 'set -o pipefail; "$0" "$1" user list | head -1', process.execPath, SHOPCTL],
        { cwd, env: childEnv(cwd, { DATABASE_URL: t.url }), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n')).toHaveLength(2);
  });
});
