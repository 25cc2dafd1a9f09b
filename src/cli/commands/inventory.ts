import type { Command } from 'commander';
import { z } from 'zod';
import type { AdjustMode } from '../../inventory/inventory.service.js';
import { emit, iso, JSON_FLAG, localTime, printLine, printTable } from '../output.js';
import { pageWindow, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions, parseQuantity, wholeNumber } from '../parse.js';
import { pickProduct } from '../pickers.js';
import { productJson } from '../presenters.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';
import { PRODUCT_HEAD, productRows } from './product.js';

const ADJUSTMENTS: { mode: AdjustMode; description: string; past: string }[] = [
  { mode: 'set', description: 'set the units in stock after a count', past: 'set to' },
  { mode: 'add', description: 'add units that arrived', past: 'raised to' },
  { mode: 'remove', description: 'take out damaged or lost units', past: 'lowered to' },
];

export function registerInventoryCommands(program: Command, rt: Runtime): void {
  const inventory = program.command('inventory').description('stock levels and their history');

  for (const { mode, description, past } of ADJUSTMENTS) {
    inventory
      .command(mode)
      .description(`${description}; never below what open orders reserve`)
      .argument('[product]', 'the product id or exact name')
      .argument('[quantity]', 'number of units')
      .option('--reason <text>', 'why, for the inventory log')
      .option(...JSON_FLAG)
      .action(async (givenProduct: string | undefined, givenQuantity: string | undefined, opts) => {
        const { reason, json } = opts as { reason?: string; json?: boolean };
        const ref = await orAsk(rt, givenProduct, 'the product', () => pickProduct(rt, 'Product:'));
        const quantityText = await orAsk(rt, givenQuantity, 'the quantity', () =>
          askText(rt, 'Quantity:', (v) => (/^\d+$/.test(v.trim()) ? true : 'Enter a whole number.')),
        );
        const quantity = parseQuantity(quantityText);
        const { services, config } = await rt.shop.open();
        const product = await services.inventory.adjust(ref, mode, quantity, { reason, actor: 'owner' });
        emit(rt.io, json, productJson(product, config.currency), () =>
          printLine(
            rt.io,
            `Stock of "${product.name}" ${past} ${product.stock_quantity} (${product.available} available).`,
          ),
        );
      });
  }

  inventory
    .command('list')
    .description('stock levels of every product')
    .option('--low <n>', 'only products with at most this many available')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(
        z.object({ low: wholeNumber(0).optional(), json: z.boolean().optional() }),
        raw,
      );
      const { services, config } = await rt.shop.open();
      const products = await services.inventory.list({ low: opts.low });
      emit(
        rt.io,
        opts.json,
        products.map((p) => productJson(p, config.currency)),
        () =>
          printTable(
            rt.io,
            PRODUCT_HEAD,
            productRows(products, config.currency),
            opts.low === undefined ? 'No products.' : `No product has ${opts.low} or fewer available.`,
          ),
      );
    });

  inventory
    .command('log')
    .description('stock movements, newest first')
    .argument('[product]', 'only this product (id or exact name)')
    .option('--limit <n>', 'how many movements per page (default 50)')
    .option('--page <n>', 'which page, from 1 (default 1)')
    .option(...JSON_FLAG)
    .action(async (product: string | undefined, raw: unknown) => {
      const opts = parseOptions(z.object({ ...pagingSchema, json: z.boolean().optional() }), raw);
      const { services } = await rt.shop.open();
      const window = pageWindow(opts, 50);
      const [entries, total] = await Promise.all([
        services.inventory.log({ product, ...window }),
        services.inventory.countLog(product),
      ]);
      const timeZone = await services.settings.get('timezone');
      const json = entries.map((e) => ({
        id: e.id,
        created_at: iso(e.created_at),
        product: e.product,
        kind: e.kind,
        stock_delta: e.stock_delta,
        reserved_delta: e.reserved_delta,
        stock_after: e.stock_after,
        reserved_after: e.reserved_after,
        order: e.order_code,
        actor: e.actor,
        reason: e.reason,
      }));
      const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
      emit(rt.io, opts.json, json, () => {
        printTable(
          rt.io,
          [`When (${timeZone})`, 'Product', 'Kind', 'Stock', 'Reserved', 'Order', 'By', 'Reason'],
          entries.map((e) => [
            localTime(e.created_at, timeZone),
            e.product,
            e.kind,
            `${signed(e.stock_delta)} → ${e.stock_after}`,
            `${signed(e.reserved_delta)} → ${e.reserved_after}`,
            e.order_code,
            e.actor,
            e.reason,
          ]),
          'No stock movements yet.',
        );
        printPageFooter(rt.io, { offset: window.offset, shown: entries.length, total });
      });
    });
}
