import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatBtc, formatMoney } from '../../shared/money.js';
import { type CsvValue, writeCsv } from '../csv.js';
import { emit, iso, JSON_FLAG, printLine, printTable } from '../output.js';
import type { Runtime, Shop } from '../runtime.js';

type Kind = 'customers' | 'orders' | 'refcodes';
const KINDS: Kind[] = ['customers', 'orders', 'refcodes'];

interface Export {
  header: string[];
  rows(shop: Shop): AsyncIterable<CsvValue[]>;
}

/** What each file holds. Money is a plain decimal, times ISO 8601 UTC, so spreadsheets and scripts agree. */
const EXPORTS: Record<Kind, Export> = {
  customers: {
    header: [
      'telegram_id',
      'username',
      'first_name',
      'last_name',
      'role',
      'referrer_id',
      'joined_at',
      'banned_at',
      'ban_reason',
      'delivery_address',
      'phone',
      'orders',
      'completed_orders',
      'total_spent',
      'bonus_balance',
      'currency',
    ],
    async *rows({ db, config }) {
      const { streamCustomersForExport } = await import('../../users/customers.export.js');
      const m = (minor: number | null) => formatMoney(minor ?? 0, config.currency);
      for await (const u of streamCustomersForExport(db)) {
        yield [
          u.id,
          u.username,
          u.first_name,
          u.last_name,
          u.role,
          u.referrer_id,
          iso(u.created_at),
          iso(u.banned_at),
          u.ban_reason,
          u.delivery_address,
          u.delivery_phone,
          Number(u.orders ?? 0),
          u.completed_orders ?? 0,
          m(u.total_spent),
          m(u.bonus_balance),
          config.currency,
        ];
      }
    },
  },
  orders: {
    header: [
      'code',
      'status',
      'created_at',
      'customer_id',
      'username',
      'payment_method',
      'items',
      'subtotal',
      'bonus_applied',
      'total',
      'currency',
      'btc_address',
      'btc_amount',
      'delivery_time',
      'delivery_address',
      'phone',
      'note',
      'confirmed_at',
      'delivered_at',
      'cancelled_at',
      'cancel_reason',
      'expired_at',
    ],
    async *rows({ db }) {
      const { streamOrdersForExport } = await import('../../orders/orders.export.js');
      for await (const o of streamOrdersForExport(db)) {
        const m = (minor: number) => formatMoney(minor, o.currency);
        yield [
          o.code,
          o.status,
          iso(o.created_at),
          o.user_id,
          o.username,
          o.payment_method,
          o.items,
          m(o.subtotal),
          m(o.bonus_applied),
          m(o.total),
          o.currency,
          o.btc_address,
          o.btc_amount_sats === null ? null : formatBtc(o.btc_amount_sats),
          iso(o.delivery_time),
          o.delivery_address,
          o.delivery_phone,
          o.delivery_note,
          iso(o.confirmed_at),
          iso(o.delivered_at),
          iso(o.cancelled_at),
          o.cancel_reason,
          iso(o.expired_at),
        ];
      }
    },
  },
  refcodes: {
    header: [
      'code',
      'state',
      'uses',
      'max_uses',
      'expires_at',
      'creator_id',
      'note',
      'created_at',
      'disabled_at',
      'disabled_reason',
    ],
    async *rows({ db }) {
      const [{ streamRefcodesForExport }, { refCodeState }] = await Promise.all([
        import('../../refcodes/refcodes.export.js'),
        import('../../refcodes/refcodes.service.js'),
      ]);
      const now = new Date();
      for await (const c of streamRefcodesForExport(db)) {
        yield [
          c.code,
          refCodeState(c, now),
          c.uses_count,
          c.max_uses,
          iso(c.expires_at),
          c.creator_id,
          c.note,
          iso(c.created_at),
          iso(c.disabled_at),
          c.disabled_reason,
        ];
      }
    },
  },
};

type ExportOptions = Partial<Record<Kind | 'all' | 'json', boolean>> & { outputDir?: string };

export function registerExportCommand(program: Command, rt: Runtime): void {
  program
    .command('export')
    .description('write CSV files (customers.csv, orders.csv, refcodes.csv); all of them when none is chosen')
    .option('--customers', 'customers with delivery details, spending and bonus balance')
    .option('--orders', 'orders with items, totals, payment and delivery details')
    .option('--refcodes', 'reference codes and their use')
    .option('--all', 'all of the above')
    .option('--output-dir <dir>', 'where to write the files (default: the current folder)', '.')
    .option(...JSON_FLAG)
    .action(async (opts: ExportOptions) => {
      const chosen = KINDS.filter((kind) => opts.all || opts[kind]);
      const kinds = chosen.length > 0 ? chosen : KINDS;
      const dir = resolve(opts.outputDir ?? '.');
      await mkdir(dir, { recursive: true });
      const shop = await rt.shop.open();
      const files: { name: string; path: string; rows: number }[] = [];
      // One after another: each stream holds a connection until its last row.
      for (const kind of kinds) {
        const path = resolve(dir, `${kind}.csv`);
        const rows = await writeCsv(path, EXPORTS[kind].header, EXPORTS[kind].rows(shop));
        files.push({ name: `${kind}.csv`, path, rows });
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
