import type { Command } from 'commander';
import { JSON_FLAG, YES_FLAG } from '../output.js';
import { pickOrder } from '../pickers.js';
import { confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';
import { reportChange } from './order.js';

/** Bitcoin payments the watcher cannot settle by itself: `order mark-paid` and `order revive`. */
export function registerOrderPaymentCommands(order: Command, rt: Runtime): void {
  order
    .command('mark-paid')
    .description('record a Bitcoin payment the watcher cannot see, and confirm the order')
    .argument('[code]', 'the order code (any case)')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { yes?: boolean; json?: boolean }) => {
      const code = await orAsk(rt, given, 'the order code', () =>
        pickOrder(rt, ['reserved', 'confirmed'], 'Order paid:'),
      );
      await confirmAction(rt, opts.yes, `mark order ${code.toUpperCase()} paid`);
      const { services } = await rt.shop.open();
      const change = await services.payments.markPaid(code);
      reportChange(
        rt,
        await services.orders.get(change.code),
        { notify: true, json: opts.json },
        'marked paid',
      );
    });

  order
    .command('revive')
    .description('bring back an expired or cancelled order paid late: reserve its stock again and confirm it')
    .argument('[code]', 'the order code (any case)')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { yes?: boolean; json?: boolean }) => {
      const code = await orAsk(rt, given, 'the order code', () =>
        pickOrder(rt, ['expired', 'cancelled'], 'Order to revive:'),
      );
      await confirmAction(rt, opts.yes, `revive order ${code.toUpperCase()} and reserve its stock again`);
      const { services } = await rt.shop.open();
      const change = await services.payments.revive(code);
      reportChange(
        rt,
        await services.orders.get(change.code),
        { notify: true, json: opts.json },
        'revived and confirmed',
      );
    });
}
