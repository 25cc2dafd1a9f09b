import type { Command } from 'commander';
import { emit, JSON_FLAG, printLine } from '../output.js';
import type { Runtime } from '../runtime.js';

export function registerReservationCommands(program: Command, rt: Runtime): void {
  const reservations = program.command('reservations').description('stock held by unconfirmed orders');

  reservations
    .command('expire')
    .description('expire overdue reserved orders now (one pass, safe beside the bot; for a system crontab)')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const { services } = await rt.shop.open();
      const pass = await services.orders.expireDue();
      emit(rt.io, opts.json, pass, () => {
        if (!pass.ran) printLine(rt.io, 'Another expiry pass is running; this one did nothing.');
        else if (pass.expired.length === 0) printLine(rt.io, 'No reservation is overdue.');
        else printLine(rt.io, `Expired ${pass.expired.length} order(s): ${pass.expired.join(', ')}.`);
      });
    });
}
