import type { Logger } from 'pino';
import { runWithLease } from '../db/lease.js';
import type { Executor } from '../db/transaction.js';
import { type EsploraClient, ProviderError, type ProviderFailure } from '../payments/esplora-client.js';
import type { PaymentChange } from '../payments/payment-rules.js';
import type { PaymentService } from '../payments/payments.service.js';
import { type Repeater, repeat } from '../shared/repeat.js';
import { type JobLog, timed } from './job-log.js';

/**
 * The payment watcher: one pass asks the explorer about every watched order (open and unpaid, or closed within
 * the late-payment window) and records what it reports. The explorer is not trusted: a timeout, 429 or 5xx
 * ends the pass at once without touching the order it was asked about (the caller backs off); a malformed
 * answer is refused with a log line and only that order is skipped. At most `concurrency` requests are in
 * flight.
 */

export interface PassDeps {
  payments: PaymentService;
  client: EsploraClient;
  logger: Logger;
  concurrency?: number;
}

export interface PassReport {
  watched: number;
  checked: number;
  changed: PaymentChange[];
  /** Orders skipped because the explorer's answer about them was malformed. */
  refused: number;
  /** Why the pass stopped early, when it did: the caller should wait before the next one. */
  halted: ProviderFailure | null;
  retryAfterSeconds?: number;
  requests: number;
}

export async function runPaymentPass(deps: PassDeps): Promise<PassReport> {
  const { payments, client } = deps;
  const log = deps.logger.child({ job: 'payments' });
  const startRequests = client.requests;
  const report: PassReport = { watched: 0, checked: 0, changed: [], refused: 0, halted: null, requests: 0 };
  const finish = () => ({ ...report, requests: client.requests - startRequests });

  const { orders: watched, rules } = await payments.watchList();
  report.watched = watched.length;
  if (watched.length === 0) return finish();

  const halt = (error: ProviderError) => {
    report.halted ??= error.kind;
    report.retryAfterSeconds ??= error.retryAfterSeconds;
  };
  let tip: number;
  try {
    tip = await client.tipHeight();
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    log.warn(
      { reason: error.message, kind: error.kind },
      'explorer did not give the tip height; pass skipped',
    );
    halt(error.kind === 'malformed' ? new ProviderError('unavailable', error.message) : error);
    return finish();
  }

  let next = 0;
  async function worker() {
    while (report.halted === null && next < watched.length) {
      const order = watched[next++] as (typeof watched)[number];
      try {
        const outputs = await client.outputsPaying(order.address);
        const change = await payments.record(order, outputs, tip, rules);
        report.checked += 1;
        if (change) {
          report.changed.push(change);
          log.info(change, 'payment state changed');
        }
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        if (error.kind === 'malformed') {
          report.refused += 1;
          log.warn({ order: order.code, reason: error.message }, 'explorer answer refused');
        } else {
          halt(error);
          log.warn(
            { order: order.code, kind: error.kind, reason: error.message },
            'explorer failed; backing off',
          );
        }
      }
    }
  }
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, watched.length) }, worker));
  return finish();
}

/** Next wait after a pass: the interval, doubled per failed pass in a row (and at least Retry-After), capped. */
export function nextDelayMs(intervalMs: number, failures: number, retryAfterSeconds?: number): number {
  const backoff = Math.min(intervalMs * 2 ** failures, 30 * 60_000);
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Runs a pass every `intervalMs` inside the bot process, backing off while the explorer fails. With `db`, a pass
 * runs only in the process holding the "payments" lease, so N processes ask the explorer once, not N times.
 */
export function createPaymentWatcher(deps: LeasedPassDeps & { intervalMs?: number }): Repeater {
  const intervalMs = deps.intervalMs ?? 60_000;
  const log = deps.logger.child({ job: 'payments' });
  let failures = 0;
  return repeat(() =>
    leasedPass(deps)
      .then((pass) => {
        failures = pass.halted ? failures + 1 : 0;
        return nextDelayMs(intervalMs, failures, pass.retryAfterSeconds);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'payment pass failed');
        failures += 1;
        return nextDelayMs(intervalMs, failures);
      }),
  );
}

const IDLE: PassReport = { watched: 0, checked: 0, changed: [], refused: 0, halted: null, requests: 0 };

interface LeasedPassDeps extends PassDeps {
  db?: Executor;
  jobLog?: JobLog;
  /** How long the "payments" lease lasts unrenewed: a dead holder's passes resume elsewhere after it. */
  leaseMs?: number;
}

async function leasedPass(deps: LeasedPassDeps): Promise<PassReport> {
  const pass = () => timed(deps.jobLog, 'payments', () => runPaymentPass(deps));
  if (!deps.db) return pass();
  const leased = await runWithLease(deps.db, 'payments', pass, { ttlMs: deps.leaseMs });
  if (leased.ran) return leased.value;
  deps.logger.debug({ job: 'payments' }, 'another process holds the payments lease; pass skipped');
  return IDLE;
}
