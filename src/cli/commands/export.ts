import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatBtc, formatMoney } from '../../shared/money.js';
import { formatLocalIso } from '../../shared/time.js';
import { type CsvValue, writeCsv } from '../csv.js';
import { RefusedError } from '../errors.js';
import { emit, JSON_FLAG, printLine, printTable } from '../output.js';
import type { Runtime, Shop } from '../runtime.js';

type Kind = 'customers' | 'orders' | 'refcodes';
const KINDS: Kind[] = ['customers', 'orders', 'refcodes'];

/** What every row of an export is written with: the shop's currency and time zone. */
interface CsvContext {
  currency: string;
  timeZone: string;
  /** A time in the shop's zone with its offset, so a spreadsheet shows local time and a script the instant. */
  time(instant: Date | null): string | null;
}

/** A CSV column: its header and how a streamed row fills it. */
type Column<R> = [header: string, value: (row: R, ctx: CsvContext) => CsvValue];

interface Export {
  write(shop: Shop, path: string, options: { bom: boolean }): Promise<number>;
}

/** Streams `rows` into a CSV file of `columns`, one row in memory at a time. */
function csvExport<R>(rows: (shop: Shop) => Promise<AsyncIterable<R>>, columns: Column<R>[]): Export {
  return {
    async write(shop, path, options) {
      const timeZone = await shop.services.settings.get('timezone');
      const ctx: CsvContext = {
        currency: shop.config.currency,
        timeZone,
        time: (instant) => (instant ? formatLocalIso(instant, timeZone) : null),
      };
      const source = await rows(shop);
      async function* cells() {
        for await (const row of source) yield columns.map(([, value]) => value(row, ctx));
      }
      return writeCsv(
        path,
        columns.map(([header]) => header),
        cells(),
        options,
      );
    },
  };
}

const money = (minor: number | null, { currency }: { currency: string }) => formatMoney(minor ?? 0, currency);

/** Money is a plain decimal and times ISO 8601 with the shop's offset, which spreadsheets and scripts both read. */
const EXPORTS: Record<Kind, Export> = {
  customers: csvExport(
    async ({ services }) => services.exports.customers(),
    [
      ['telegram_id', (u) => u.id],
      ['username', (u) => u.username],
      ['first_name', (u) => u.first_name],
      ['last_name', (u) => u.last_name],
      ['role', (u) => u.role],
      ['referrer_id', (u) => u.referrer_id],
      ['joined_at', (u, ctx) => ctx.time(u.created_at)],
      ['banned_at', (u, ctx) => ctx.time(u.banned_at)],
      ['ban_reason', (u) => u.ban_reason],
      ['delivery_address', (u) => u.delivery_address],
      ['phone', (u) => u.delivery_phone],
      ['orders', (u) => Number(u.orders ?? 0)],
      ['completed_orders', (u) => u.completed_orders ?? 0],
      ['total_spent', (u, ctx) => money(u.total_spent, ctx)],
      ['bonus_balance', (u, ctx) => money(u.bonus_balance, ctx)],
      ['currency', (_, ctx) => ctx.currency],
    ],
  ),
  orders: csvExport(
    async ({ services }) => services.exports.orders(),
    [
      ['code', (o) => o.code],
      ['status', (o) => o.status],
      ['created_at', (o, ctx) => ctx.time(o.created_at)],
      ['customer_id', (o) => o.user_id],
      ['username', (o) => o.username],
      ['payment_method', (o) => o.payment_method],
      ['items', (o) => o.items],
      ['subtotal', (o) => money(o.subtotal, o)],
      ['bonus_applied', (o) => money(o.bonus_applied, o)],
      ['total', (o) => money(o.total, o)],
      ['currency', (o) => o.currency],
      ['btc_address', (o) => o.btc_address],
      ['btc_amount', (o) => (o.btc_amount_sats === null ? null : formatBtc(o.btc_amount_sats))],
      ['delivery_time', (o, ctx) => ctx.time(o.delivery_time)],
      ['delivery_address', (o) => o.delivery_address],
      ['phone', (o) => o.delivery_phone],
      ['note', (o) => o.delivery_note],
      ['confirmed_at', (o, ctx) => ctx.time(o.confirmed_at)],
      ['delivered_at', (o, ctx) => ctx.time(o.delivered_at)],
      ['cancelled_at', (o, ctx) => ctx.time(o.cancelled_at)],
      ['cancel_reason', (o) => o.cancel_reason],
      ['expired_at', (o, ctx) => ctx.time(o.expired_at)],
    ],
  ),
  refcodes: csvExport(
    async ({ services }) => services.exports.refcodes(),
    [
      ['code', (c) => c.code],
      ['state', (c) => c.state],
      ['uses', (c) => c.uses_count],
      ['max_uses', (c) => c.max_uses],
      ['expires_at', (c, ctx) => ctx.time(c.expires_at)],
      ['creator_id', (c) => c.creator_id],
      ['note', (c) => c.note],
      ['created_at', (c, ctx) => ctx.time(c.created_at)],
      ['disabled_at', (c, ctx) => ctx.time(c.disabled_at)],
      ['disabled_reason', (c) => c.disabled_reason],
    ],
  ),
};

type ExportOptions = Partial<Record<Kind | 'all' | 'json' | 'force', boolean>> & {
  outputDir?: string;
  bom: boolean;
};

export function registerExportCommand(program: Command, rt: Runtime): void {
  program
    .command('export')
    .description('write CSV files (customers.csv, orders.csv, refcodes.csv); all of them when none is chosen')
    .option('--customers', 'customers with delivery details, spending and bonus balance')
    .option('--orders', 'orders with items, totals, payment and delivery details')
    .option('--refcodes', 'reference codes and their use')
    .option('--all', 'all of the above')
    .option('--output-dir <dir>', 'where to write the files (default: the current folder)', '.')
    .option('--no-bom', 'leave out the byte order mark that tells Excel the files are UTF-8')
    .option('--force', 'replace files that already exist')
    .option(...JSON_FLAG)
    .action(async (opts: ExportOptions) => {
      const chosen = KINDS.filter((kind) => opts.all || opts[kind]);
      const kinds = chosen.length > 0 ? chosen : KINDS;
      const dir = resolve(opts.outputDir ?? '.');
      const existing = kinds.map((kind) => `${kind}.csv`).filter((name) => existsSync(resolve(dir, name)));
      if (existing.length > 0 && !opts.force) {
        throw new RefusedError(`${existing.join(', ')} already in ${dir}; pass --force to replace`);
      }
      await mkdir(dir, { recursive: true });
      const shop = await rt.shop.open();
      const files: { name: string; path: string; rows: number }[] = [];
      // One after another: each stream holds a connection until its last row.
      for (const kind of kinds) {
        const path = resolve(dir, `${kind}.csv`);
        files.push({
          name: `${kind}.csv`,
          path,
          rows: await EXPORTS[kind].write(shop, path, { bom: opts.bom }),
        });
      }
      emit(rt.io, opts.json, { files }, () => {
        printTable(
          rt.io,
          ['File', 'Rows'],
          files.map((f) => [f.path, f.rows]),
        );
        printLine(rt.io, `Exported ${files.length} file(s) to ${dir}.`);
      });
    });
}
