import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connection.js';

/** The security part of `shopctl doctor`: who can log in, who can connect, who can read the files. */

type Status = 'ok' | 'warn' | 'fail';
export interface Check {
  check: string;
  status: Status;
  detail: string;
}

/** SKIP LOCKED, which the outbox worker relies on, came with MariaDB 10.6. */
const MIN_VERSION = [10, 6];

async function serverChecks(db: Db): Promise<Check[]> {
  // Loaded here: `shopctl --help` never loads the database layer.
  const { sql } = await import('kysely');
  const { rows } = await sql<{
    version: string;
    off: number;
    bind: string | null;
    port: number;
    socket: string;
  }>`
    select @@version as version, @@skip_networking as off, @@bind_address as bind, @@port as port,
      @@socket as socket`.execute(db);
  const row = rows[0];
  if (!row) return [];
  const [major = 0, minor = 0] = row.version.split(/[.-]/).map(Number);
  const recent =
    major > (MIN_VERSION[0] ?? 0) || (major === MIN_VERSION[0] && minor >= (MIN_VERSION[1] ?? 0));
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(row.bind ?? '');
  return [
    {
      check: 'MariaDB version',
      status: recent ? 'ok' : 'fail',
      detail: recent ? row.version : `${row.version}: 10.6 or newer is needed (SKIP LOCKED)`,
    },
    Number(row.off) === 1
      ? { check: 'listeners', status: 'ok', detail: `unix socket only (${row.socket})` }
      : {
          check: 'listeners',
          status: loopback ? 'ok' : 'warn',
          detail: `TCP ${row.bind || '*'}:${row.port}${loopback ? '' : ' (reachable from other machines)'} and ${row.socket}`,
        },
  ];
}

/** Accounts anyone can use by name. The private server is asked as its owner; another server as the shop. */
async function accountCheck(config: Config): Promise<Check> {
  const { createConnection } = await import('mysql2/promise');
  const { hasNoPassword, listAccounts } = await import('../../db/embedded-accounts.js');
  const { socketPathFor } = await import('../../db/embedded.js');
  try {
    const connection = config.databaseUrl
      ? await createConnection({ uri: config.databaseUrl.replace(/^mariadb:/, 'mysql:') })
      : await createConnection({
          socketPath: socketPathFor(join(config.dataDir, 'mariadb')),
          user: userInfo().username,
        });
    try {
      const open = (await listAccounts(connection)).filter(hasNoPassword);
      if (open.length === 0)
        return { check: 'accounts', status: 'ok', detail: 'every account needs a password' };
      const names = open.map((a) => `'${a.user}'@'${a.host}'`).join(', ');
      return { check: 'accounts', status: 'fail', detail: `without a password: ${names}` };
    } finally {
      await connection.end();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { check: 'accounts', status: 'warn', detail: `could not list the accounts: ${reason}` };
  }
}

/** Files that hold secrets or customer data must not be readable by other users. */
async function modeCheck(path: string, label: string): Promise<Check | undefined> {
  if (!existsSync(path)) return undefined;
  const mode = (await stat(path)).mode & 0o777;
  const shown = `${path} is ${mode.toString(8).padStart(4, '0')}`;
  if ((mode & 0o077) === 0) return { check: label, status: 'ok', detail: shown };
  return { check: label, status: 'fail', detail: `${shown}; run "chmod go-rwx ${path}"` };
}

export interface AuditOutcome {
  status: Status;
  detail: string;
}

/** Where package.json is: npm audit reads the lock file there, whether shopctl runs from src/ or dist/. */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package-lock.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * High and critical advisories for production dependencies. Needs npm and the registry; without them the doctor
 * says so and goes on, since an offline shop is not a broken one.
 */
export function runNpmAudit(npm = 'npm', cwd = appRoot()): Promise<AuditOutcome> {
  const args = ['audit', '--omit=dev', '--audit-level=high', '--json'];
  return new Promise((done) => {
    // npm exits non-zero when it finds something, so the verdict comes from the JSON, not the exit code.
    execFile(npm, args, { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => {
      let report: { error?: unknown; vulnerabilities?: Record<string, { severity?: string }> };
      try {
        report = JSON.parse(String(stdout));
      } catch {
        report = { error: 'no report' };
      }
      if (report.error || !report.vulnerabilities) {
        done({
          status: 'warn',
          detail: 'could not run npm audit (is npm installed and the registry reachable?)',
        });
        return;
      }
      const serious = Object.entries(report.vulnerabilities)
        .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
        .map(([name, v]) => `${name} (${v.severity})`);
      done(
        serious.length === 0
          ? { status: 'ok', detail: 'no high or critical advisories in production dependencies' }
          : { status: 'fail', detail: `advisories: ${serious.join(', ')}; see "npm audit --omit=dev"` },
      );
    });
  });
}

export async function securityChecks(
  config: Config,
  db: Db | undefined,
  audit: (() => Promise<AuditOutcome>) | undefined,
): Promise<Check[]> {
  const checks: Check[] = [];
  if (db) checks.push(...(await serverChecks(db)), await accountCheck(config));
  const files = [
    await modeCheck(join(config.dataDir, 'mariadb'), 'data folder'),
    await modeCheck(join(config.dataDir, 'mariadb', 'server.json'), 'server.json'),
    await modeCheck(resolve('.env'), '.env'),
  ];
  for (const check of files) if (check) checks.push(check);
  if (audit) checks.push({ check: 'npm audit', ...(await audit()) });
  return checks;
}
