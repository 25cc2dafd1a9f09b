import { CommanderError } from 'commander';
import { createShopAccess } from './context.js';
import { describeFailure } from './errors.js';
import { createProgram } from './index.js';
import { type CliIO, processIO } from './io.js';
import { inquirerPrompter, type Prompter } from './prompter.js';
import type { ShopAccess } from './runtime.js';

export interface CliDeps {
  io?: CliIO;
  shop?: ShopAccess;
  prompter?: Prompter;
}

/**
 * Runs one shopctl command line (without "node shopctl") and returns the exit code: 0 done, 1 the shop refused,
 * 2 usage error. Never exits the process; bin/shopctl does that.
 */
export async function runCli(args: readonly string[], deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processIO();
  const shop = deps.shop ?? createShopAccess();
  const program = createProgram({ io, shop, prompter: deps.prompter ?? inquirerPrompter });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const verbose = args.includes('--verbose');
    const failure = describeFailure(error, verbose);
    io.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await shop.close().catch(() => undefined);
  }
}
