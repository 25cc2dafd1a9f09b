import type { Command } from 'commander';
import { z } from 'zod';
import { JSON_FLAG, localTime, NO_NOTIFY_FLAG, YES_FLAG } from '../output.js';
import {
  checkLocalTime,
  isLocalTime,
  LOCAL_TIME_FORMAT,
  parseDeliveryTime,
  parseOptions,
  wholeNumber,
} from '../parse.js';
import { pickOrder, pickOrderItem, pickProduct } from '../pickers.js';
import { confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';
import { type ChangeFlags, reportChange, timeZoneOf } from './order.js';

const itemOptions = z.object({
  quantity: wholeNumber(1).optional(),
  notify: z.boolean(),
  yes: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** Changes to an open order's contents and schedule: `order add-item`, `remove-item`, `set-delivery-time`. */
export function registerOrderItemCommands(order: Command, rt: Runtime): void {
  const openOrder = (message: string) => pickOrder(rt, ['reserved', 'confirmed'], message);

  order
    .command('add-item')
    .description('add units of a product to an open order (reserves stock)')
    .argument('[code]', 'the order code (any case)')
    .argument('[product]', 'the product id or exact name')
    .option('--quantity <n>', 'units to add (default 1)')
    .option(...NO_NOTIFY_FLAG)
    .option(...JSON_FLAG)
    .action(async (givenCode: string | undefined, givenProduct: string | undefined, raw: unknown) => {
      const opts = parseOptions(itemOptions, raw);
      const code = await orAsk(rt, givenCode, 'the order code', () => openOrder('Order to add to:'));
      const product = await orAsk(rt, givenProduct, 'the product', () => pickProduct(rt, 'Product to add:'));
      const { services } = await rt.shop.open();
      const quantity = opts.quantity ?? 1;
      const changed = await services.orders.addItem(code, product, quantity, { notify: opts.notify });
      reportChange(rt, changed, opts, `now has ${quantity} more of "${nameOf(changed, product)}"`);
    });

  order
    .command('remove-item')
    .description('take units of a product off an open order (all of them unless --quantity)')
    .argument('[code]', 'the order code (any case)')
    .argument('[product]', 'the product id or exact name')
    .option('--quantity <n>', 'units to remove (default: the whole line)')
    .option(...NO_NOTIFY_FLAG)
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (givenCode: string | undefined, givenProduct: string | undefined, raw: unknown) => {
      const opts = parseOptions(itemOptions, raw);
      const code = await orAsk(rt, givenCode, 'the order code', () => openOrder('Order to change:'));
      const product = await orAsk(rt, givenProduct, 'the product', () =>
        pickOrderItem(rt, code, 'Product to remove:'),
      );
      const { services } = await rt.shop.open();
      const before = await services.orders.get(code);
      const line = nameOf(before, product);
      const amount = opts.quantity === undefined ? 'all' : String(opts.quantity);
      await confirmAction(rt, opts.yes, `remove ${amount} of "${line}" from order ${before.code}`);
      const changed = await services.orders.removeItem(code, product, opts.quantity, { notify: opts.notify });
      reportChange(rt, changed, opts, `no longer has ${amount} of "${line}"`);
    });

  order
    .command('set-delivery-time')
    .description("set or move an open order's delivery time")
    .argument('[code]', 'the order code (any case)')
    .argument('[time]', `"${LOCAL_TIME_FORMAT}" in the shop's time zone`)
    .option(...NO_NOTIFY_FLAG)
    .option(...JSON_FLAG)
    .action(async (givenCode: string | undefined, givenTime: string | undefined, opts: ChangeFlags) => {
      const code = await orAsk(rt, givenCode, 'the order code', () => openOrder('Order to schedule:'));
      const timeText = await orAsk(rt, givenTime, 'the delivery time', async () =>
        rt.prompter.input({
          message: `Delivery time (${LOCAL_TIME_FORMAT}, ${await timeZoneOf(rt)}):`,
          validate: (v) => isLocalTime(v) || `Use the form ${LOCAL_TIME_FORMAT}.`,
        }),
      );
      checkLocalTime(timeText);
      const timeZone = await timeZoneOf(rt);
      const time = parseDeliveryTime(timeText, timeZone);
      const { services } = await rt.shop.open();
      const changed = await services.orders.setDeliveryTime(code, time, { notify: opts.notify });
      reportChange(rt, changed, opts, `will be delivered ${localTime(time, timeZone)} (${timeZone})`);
    });
}

/** The name of the product a reference points at on this order, for messages; the reference itself otherwise. */
function nameOf(order: { items: { product_id: number; product_name: string }[] }, ref: string): string {
  const byId = /^\d+$/.test(ref.trim()) ? order.items.find((i) => i.product_id === Number(ref)) : undefined;
  return byId?.product_name ?? ref;
}
