import { schedule } from 'node-cron';
import type { Logger } from 'pino';
import type { RetentionConfig } from '../config/retention.js';
import type { Db } from '../db/connection.js';
import { createEsploraClient } from '../payments/esplora-client.js';
import type { Services } from '../services.js';
import { systemClock } from '../shared/clock.js';
import { watchAddressFile } from './address-watcher.js';
import { type JobLog, timed } from './job-log.js';
import { createPaymentWatcher } from './payment-watcher.js';
import { runRetention } from './retention.js';

export interface Jobs {
  stop(): Promise<void>;
}

/**
 * The shop's maintenance inside the bot process: an expiry pass every minute (several processes may run it;
 * the pass itself makes sure only one works at a time), the daily retention pass (leased the same way), the
 * address-file watcher and, with an explorer configured, the payment watcher.
 */
export function startJobs(deps: {
  services: Services;
  logger: Logger;
  btcAddressesFile: string;
  /** BTC_ESPLORA_URL: when set, the payment watcher runs too. */
  esploraUrl?: string;
  /** Where passes are recorded for /health and /metrics. */
  jobLog?: JobLog;
  /** The shop's database: the payment watcher and the retention pass take their leases in it. */
  db?: Db;
  /** The daily clean-up of old rows; runs when given with `db`. */
  retention?: RetentionConfig;
}): Jobs {
  const logger = deps.logger.child({ job: 'expiry' });
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      const result = await timed(deps.jobLog, 'expiry', () => deps.services.orders.expireDue());
      if (result.expired.length > 0) logger.info({ expired: result.expired }, 'expired unpaid orders');
    } catch (error) {
      logger.error({ err: error }, 'expiry pass failed');
    }
  };
  const expiry = schedule(
    '* * * * *',
    () => {
      running = pass();
      return running;
    },
    { name: 'expire-reservations', noOverlap: true },
  );
  const watcher = watchAddressFile({
    file: deps.btcAddressesFile,
    btc: deps.services.btc,
    logger: deps.logger,
  });
  const payments = deps.esploraUrl
    ? createPaymentWatcher({
        payments: deps.services.payments,
        client: createEsploraClient(deps.esploraUrl),
        logger: deps.logger,
        db: deps.db,
        jobLog: deps.jobLog,
      })
    : undefined;
  payments?.start();
  const retentionLog = deps.logger.child({ job: 'retention' });
  let cleaning: Promise<void> = Promise.resolve();
  const { db, retention } = deps;
  const cleanUp =
    db && retention
      ? schedule(
          '17 3 * * *',
          () => {
            cleaning = timed(deps.jobLog, 'retention', () =>
              runRetention({ db, clock: systemClock, config: retention }),
            )
              .then((result) => {
                if (result.ran) retentionLog.info(result.value, 'old rows pruned');
              })
              .catch((error: unknown) => retentionLog.error({ err: error }, 'retention pass failed'));
            return cleaning;
          },
          { name: 'retention', noOverlap: true },
        )
      : undefined;
  return {
    /** Stops scheduling, and waits for a pass in progress: node-cron's stop does not. */
    async stop() {
      await Promise.all([expiry.stop(), cleanUp?.stop()]);
      await Promise.all([running, cleaning, watcher.close(), payments?.stop()]);
    },
  };
}
