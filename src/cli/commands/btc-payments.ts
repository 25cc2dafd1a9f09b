import type { Command } from 'commander';
import { z } from 'zod';
import { createLogger } from '../../shared/logger.js';
import { RefusedError } from '../errors.js';
import { emit, JSON_FLAG, printLine, printTable } from '../output.js';
import { parseOptions, wholeNumber } from '../parse.js';
import type { Runtime } from '../runtime.js';

const deriveOptions = z.object({ show: wholeNumber(1).default(5), json: z.boolean().optional() });

/** `btc check` (one payment-watcher pass) and `btc derive` (the next addresses from BTC_XPUB). */
export function registerBtcPaymentCommands(btc: Command, rt: Runtime): void {
  btc
    .command('check')
    .description('check open Bitcoin orders for payments on BTC_ESPLORA_URL now (one pass; for a crontab)')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const config = rt.shop.config();
      if (!config.esploraUrl) {
        throw new RefusedError('BTC_ESPLORA_URL is not set, so payments are confirmed by hand');
      }
      const [{ createEsploraClient }, { runPaymentPass }, { services }] = await Promise.all([
        import('../../payments/esplora-client.js'),
        import('../../jobs/payment-watcher.js'),
        rt.shop.open(),
      ]);
      // Refused answers and back-offs are logged as JSON lines on stderr, like the bot's.
      const logger = createLogger({ level: config.logLevel, service: 'shopctl' }, rt.io.stderr);
      const pass = await runPaymentPass({
        payments: services.payments,
        client: createEsploraClient(config.esploraUrl),
        logger,
      });
      emit(rt.io, opts.json, pass, () => {
        printLine(
          rt.io,
          `Checked ${pass.checked} of ${pass.watched} watched order(s) with ${pass.requests} request(s).`,
        );
        for (const c of pass.changed) printLine(rt.io, `${c.code}: ${c.from} -> ${c.to}`);
        if (pass.refused > 0) printLine(rt.io, `${pass.refused} malformed answer(s) refused.`);
      });
      if (pass.halted) {
        throw new RefusedError(
          `The explorer failed (${pass.halted.replace('_', ' ')}); the pass stopped and the orders not checked are unchanged`,
        );
      }
    });

  btc
    .command('derive')
    .description('show the next addresses BTC_XPUB gives to orders, to compare with your wallet')
    .option('--show <n>', 'how many (default 5)')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(deriveOptions, raw);
      const config = rt.shop.config();
      if (!config.btcXpub) throw new RefusedError('BTC_XPUB is not set; orders take addresses from the pool');
      const [{ upcomingAddresses }, { db }] = await Promise.all([
        import('../../btc/address-source.js'),
        rt.shop.open(),
      ]);
      const rows = await upcomingAddresses(db, config, opts.show);
      emit(rt.io, opts.json, rows, () =>
        printTable(
          rt.io,
          ['Index', 'Address'],
          rows.map((r) => [r.index, r.address]),
        ),
      );
    });
}
