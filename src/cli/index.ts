import { Command } from 'commander';
import { packageVersion } from '../shared/project.js';
import { registerBroadcastCommands } from './commands/broadcast.js';
import { registerBtcCommands } from './commands/btc.js';
import { registerBtcPaymentCommands } from './commands/btc-payments.js';
import { registerCategoryCommands } from './commands/category.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerDbCommands } from './commands/db.js';
import { registerDbAdminCommands } from './commands/db-admin.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerExportCommand } from './commands/export.js';
import { registerInventoryCommands } from './commands/inventory.js';
import { registerOrderCommands } from './commands/order.js';
import { registerOrderItemCommands } from './commands/order-items.js';
import { registerOrderNoteCommand } from './commands/order-notes.js';
import { registerOrderPaymentCommands } from './commands/order-payments.js';
import { registerOutboxCommands } from './commands/outbox.js';
import { registerProductCommands } from './commands/product.js';
import { registerProductPhotoCommand } from './commands/product-photo.js';
import { registerRefcodeCommands } from './commands/refcode.js';
import { registerReservationCommands } from './commands/reservations.js';
import { registerSettingsCommands } from './commands/settings.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerSupportCommands } from './commands/support.js';
import { registerUserCommands } from './commands/user.js';
import { registerWebhookCommands } from './commands/webhook.js';
import { usageMessage } from './errors.js';
import type { Runtime } from './runtime.js';

/**
 * Builds the shopctl program. Commander never exits the process: errors come back as exceptions for runCli to
 * turn into exit codes, and all output goes through `rt.io`.
 */
export function createProgram(rt: Runtime): Command {
  const program = new Command('shopctl')
    .description("The shop owner's command line: catalog, stock, orders, codes, Bitcoin addresses, exports.")
    .version(packageVersion(), '-V, --version', 'print the version of shopctl')
    .option('--verbose', 'show stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => rt.io.stdout.write(text),
      writeErr: (text) => rt.io.stderr.write(text),
      outputError: (text, write) => write(usageMessage(text)),
    })
    .addHelpText(
      'after',
      '\nArguments left out are asked for on a terminal. Exit codes: 0 done, 1 the shop refused, 2 usage error.',
    );

  registerDbAdminCommands(registerDbCommands(program, rt), rt);
  registerCategoryCommands(program, rt);
  registerProductPhotoCommand(registerProductCommands(program, rt), rt);
  registerInventoryCommands(program, rt);
  const order = registerOrderCommands(program, rt);
  registerOrderItemCommands(order, rt);
  registerOrderNoteCommand(order, rt);
  registerOrderPaymentCommands(order, rt);
  registerRefcodeCommands(program, rt);
  registerBtcPaymentCommands(registerBtcCommands(program, rt), rt);
  registerExportCommand(program, rt);
  registerSettingsCommands(program, rt);
  registerUserCommands(program, rt);
  registerReservationCommands(program, rt);
  registerOutboxCommands(program, rt);
  registerStatsCommand(program, rt);
  registerSupportCommands(program, rt);
  registerBroadcastCommands(program, rt);
  registerWebhookCommands(program, rt);
  registerDoctorCommand(program, rt);
  registerCompletionCommand(program, rt);
  return program;
}
