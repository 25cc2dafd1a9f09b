import { schedule } from 'node-cron';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import { watchAddressFile } from './address-watcher.js';

export interface Jobs {
  stop(): Promise<void>;
}

/**
 * The shop's maintenance inside the bot process: an expiry pass every minute (several processes may run it;
 * the pass itself makes sure only one works at a time) and the address-file watcher.
 */
export function startJobs(deps: { services: Services; logger: Logger; btcAddressesFile: string }): Jobs {
  const logger = deps.logger.child({ job: 'expiry' });
  const expiry = schedule(
    '* * * * *',
    async () => {
      try {
        const pass = await deps.services.orders.expireDue();
        if (pass.expired.length > 0) logger.info({ expired: pass.expired }, 'expired unpaid orders');
      } catch (error) {
        logger.error({ err: error }, 'expiry pass failed');
      }
    },
    { name: 'expire-reservations', noOverlap: true },
  );
  const watcher = watchAddressFile({
    file: deps.btcAddressesFile,
    btc: deps.services.btc,
    logger: deps.logger,
  });
  return {
    async stop() {
      await expiry.stop();
      await watcher.close();
    },
  };
}
