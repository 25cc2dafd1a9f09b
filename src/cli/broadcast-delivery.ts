import { setTimeout as sleep } from 'node:timers/promises';
import type { BroadcastReport } from '../broadcasts/broadcasts.service.js';
import type { Runtime, Shop } from './runtime.js';

export interface WaitOptions {
  /** How often the report is read again. */
  pollMs?: number;
  /** Waiting ends when nothing changed for this long (the bot is stopped, or every message is being retried). */
  idleMs?: number;
}

const BAR = 24;

function progressLine(report: BroadcastReport): string {
  const done = report.recipients - report.pending;
  const filled = report.recipients === 0 ? BAR : Math.floor((done / report.recipients) * BAR);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}`;
  return `\r[${bar}] ${done} of ${report.recipients} sent (${report.blocked} blocked the bot, ${report.failed} failed)`;
}

/**
 * Follows the bot delivering a broadcast until nothing of it is waiting in the outbox, drawing a progress bar on a
 * terminal (stderr, so piped output stays clean). When nothing moved for `idleMs` it stops following and says so
 * (the bot carries on regardless); the report it returns then still counts messages waiting.
 */
export async function waitForDelivery(
  rt: Runtime,
  shop: Shop,
  id: number,
  options: WaitOptions = {},
): Promise<BroadcastReport> {
  const pollMs = options.pollMs ?? 500;
  const idleMs = options.idleMs ?? 60_000;
  const terminal = rt.io.columns !== undefined;
  let report = await shop.services.broadcasts.report(id);
  let lastChange = performance.now();
  while (report.pending > 0) {
    if (terminal) rt.io.stderr.write(progressLine(report));
    if (performance.now() - lastChange > idleMs) {
      rt.io.stderr.write(
        `${terminal ? '\n' : ''}Nothing was sent for ${Math.round(idleMs / 1000)} s: is the bot running? ` +
          `\`shopctl broadcast status ${id}\` shows how the broadcast fares.\n`,
      );
      return report;
    }
    await sleep(pollMs);
    const next = await shop.services.broadcasts.report(id);
    if (next.pending !== report.pending) lastChange = performance.now();
    report = next;
  }
  if (terminal) rt.io.stderr.write(`${progressLine(report)}\n`);
  return report;
}
