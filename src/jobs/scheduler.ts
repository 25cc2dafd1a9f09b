import { schedule } from 'node-cron';
import type { Logger } from 'pino';
import { createEsploraClient } from '../payments/esplora-client.js';
import type { Services } from '../services.js';
import { watchAddressFile } from './address-watcher.js';
import { type JobLog, timed } from './job-log.js';
import { createPaymentWatcher } from './payment-watcher.js';

export interface Jobs {
  stop(): Promise<void>;
}

/**
 * The shop's maintenance inside the bot process: an expiry pass every minute (several processes may run it;
 * the pass itself makes sure only one works at a time), the address-file watcher and, with an explorer
 * configured, the payment watcher.
 */
export function startJobs(deps: {
  services: Services;
  logger: Logger;
  btcAddressesFile: string;
  /** BTC_ESPLORA_URL: when set, the payment watcher runs too. */
  esploraUrl?: string;
  /** Where passes are recorded for /health and /metrics. */
  jobLog?: JobLog;
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
      })
    : undefined;
  payments?.start();
  return {
    /** Stops scheduling, and waits for a pass in progress: node-cron's stop does not. */
    async stop() {
      await expiry.stop();
      await Promise.all([running, watcher.close(), payments?.stop()]);
    },
  };
}
