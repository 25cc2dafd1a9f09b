import type { Db } from '../db/connection.js';
import type { JobLog } from '../jobs/job-log.js';
import { jobLeases, outboxCounts, pingDatabase } from '../monitoring/monitoring.repository.js';
import type { TelegramStatus } from '../monitoring/telegram-status.js';
import type { Clock } from '../shared/clock.js';

/**
 * What /health reports. Unhealthy (503) when the database cannot be reached, when Telegram's last answer was a
 * failure and nothing succeeded for a while (an idle shop makes no calls, which is not a fault), when the
 * outbox has held a due message for too long, or when a job's last run in this process failed.
 */

export interface HealthDeps {
  db: Db;
  telegram: TelegramStatus;
  jobs: JobLog;
  clock: Clock;
  /** Telegram failing for this long without a success makes the process unhealthy. */
  telegramGraceSeconds?: number;
  /** A due outbox message waiting longer than this makes the shop unhealthy. */
  outboxMaxWaitSeconds?: number;
}

export interface HealthReport {
  ok: boolean;
  reasons: string[];
  database: { reachable: boolean; error?: string };
  telegram: { lastOkAt: string | null; lastError: { at: string; method: string; message: string } | null };
  jobs: Array<{ job: string; lastRunAt: string; seconds: number; ok: boolean; error?: string }>;
  leases: Array<{ job: string; holder: string; running: boolean; until: string }>;
  outbox: { backlog: number; oldestDueSeconds: number; failed: number } | null;
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const now = deps.clock.now();
  const reasons: string[] = [];
  const report: HealthReport = {
    ok: true,
    reasons,
    database: { reachable: true },
    telegram: {
      lastOkAt: deps.telegram.lastOkAt?.toISOString() ?? null,
      lastError: deps.telegram.lastError
        ? { ...deps.telegram.lastError, at: deps.telegram.lastError.at.toISOString() }
        : null,
    },
    jobs: deps.jobs.last().map((run) => ({
      job: run.job,
      lastRunAt: run.startedAt.toISOString(),
      seconds: run.seconds,
      ok: run.ok,
      ...(run.error ? { error: run.error } : {}),
    })),
    leases: [],
    outbox: null,
  };

  try {
    await pingDatabase(deps.db);
    report.outbox = await outboxCounts(deps.db, deps.clock.now());
    report.leases = (await jobLeases(deps.db)).map((lease) => ({
      job: lease.name,
      holder: lease.holder,
      running: lease.running,
      until: lease.expiresAt.toISOString(),
    }));
  } catch (error) {
    report.database = { reachable: false, error: error instanceof Error ? error.message : String(error) };
    reasons.push(`the database is unreachable: ${report.database.error}`);
  }

  const { lastOkAt, lastError } = deps.telegram;
  const grace = (deps.telegramGraceSeconds ?? 300) * 1000;
  if (
    lastError &&
    (!lastOkAt || lastOkAt < lastError.at) &&
    now.getTime() - (lastOkAt?.getTime() ?? 0) > grace
  ) {
    reasons.push(
      `Telegram calls have failed since ${lastOkAt?.toISOString() ?? 'start'}: ${lastError.message}`,
    );
  }
  const maxWait = deps.outboxMaxWaitSeconds ?? 900;
  if (report.outbox && report.outbox.oldestDueSeconds > maxWait) {
    reasons.push(
      `the outbox has ${report.outbox.backlog} due message(s), the oldest waiting ${report.outbox.oldestDueSeconds} s`,
    );
  }
  for (const run of report.jobs) {
    if (!run.ok) reasons.push(`the last ${run.job} run failed: ${run.error ?? 'unknown error'}`);
  }
  report.ok = reasons.length === 0;
  return report;
}
