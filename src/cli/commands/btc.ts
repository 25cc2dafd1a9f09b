import type { Command } from 'commander';
import { z } from 'zod';
import { readAddressFile } from '../../btc/address-file.js';
import type { AddAddressesResult } from '../../btc/btc.service.js';
import { RefusedError, UsageError } from '../errors.js';
import { emit, iso, JSON_FLAG, localTime, printLine, printTable, safeText } from '../output.js';
import { addPagingOptions, pageOf, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions } from '../parse.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const listOptions = z.object({ all: z.boolean().optional(), ...pagingSchema, json: z.boolean().optional() });

/** The text of an address list the owner named; a file that is missing or unreadable is one sentence. */
async function addressListText(path: string): Promise<string> {
  const text = await readAddressFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new RefusedError(`Cannot read ${path} (${error.code}).`);
  });
  if (text === undefined) throw new RefusedError(`The address file ${path} does not exist.`);
  return text;
}

/**
 * Prints what was added; invalid lines go to stderr with their line numbers (or argument positions) and make
 * the exit code 1, after the valid addresses have been added.
 */
function report(rt: Runtime, result: AddAddressesResult, json: boolean | undefined, where: string): void {
  emit(rt.io, json, result, () =>
    printLine(
      rt.io,
      `Added ${result.added} address(es)${result.known ? `; ${result.known} already in the pool` : ''}.`,
    ),
  );
  if (result.invalid.length === 0) return;
  for (const bad of result.invalid) rt.io.stderr.write(`${where} ${bad.line}: ${safeText(bad.text)}\n`);
  throw new RefusedError(
    `${result.invalid.length} ${where}(s) are not valid ${rt.shop.config().btcNetwork} addresses and were skipped.`,
  );
}

export function registerBtcCommands(program: Command, rt: Runtime): Command {
  const btc = program.command('btc').description('the pool of Bitcoin addresses given to BTC orders');

  btc
    .command('add')
    .description('add addresses to the pool, given as arguments or one a line in a file')
    .argument('[address...]', 'addresses to add')
    .option('--file <path>', 'read addresses from this file (blank lines and # comments ignored)')
    .option(...JSON_FLAG)
    .action(async (given: string[], opts: { file?: string; json?: boolean }) => {
      if (opts.file && given.length > 0) throw new UsageError('Pass addresses or --file, not both');
      if (opts.file) {
        const text = await addressListText(opts.file);
        const { services } = await rt.shop.open();
        return report(rt, await services.btc.addFromText(text), opts.json, 'line');
      }
      const addresses = await orAsk(rt, given.length > 0 ? given : undefined, 'the addresses', async () =>
        (await askText(rt, 'Addresses (separated by spaces):')).split(/\s+/).filter(Boolean),
      );
      const { services } = await rt.shop.open();
      report(rt, await services.btc.add(addresses), opts.json, 'argument');
    });

  addPagingOptions(btc.command('list').description('free addresses (with --all, assigned ones too)'))
    .option('--all', 'include addresses already given to orders')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const page = pageOf(await services.btc.list({ all: opts.all }), opts);
      const rows = page.items;
      const counts = await services.btc.counts();
      const timeZone = await services.settings.get('timezone');
      const json = rows.map((r) => ({
        address: r.address,
        status: r.status,
        order: r.order_code,
        added_at: iso(r.added_at),
        assigned_at: iso(r.assigned_at),
      }));
      emit(rt.io, opts.json, json, () => {
        printTable(
          rt.io,
          ['Address', 'Status', 'Order', `Added (${timeZone})`, 'Assigned'],
          rows.map((r) => [
            r.address,
            r.status,
            r.order_code,
            localTime(r.added_at, timeZone),
            localTime(r.assigned_at, timeZone),
          ]),
          'No free addresses.',
        );
        printPageFooter(rt.io, page);
        printLine(rt.io, `${counts.available} free, ${counts.assigned} assigned.`);
      });
    });

  btc
    .command('sync')
    .description('read the watched address file (BTC_ADDRESSES_FILE) now')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const path = rt.shop.config().btcAddressesFile;
      const text = await addressListText(path);
      const { services } = await rt.shop.open();
      report(rt, await services.btc.addFromText(text), opts.json, 'line');
    });
  return btc;
}
