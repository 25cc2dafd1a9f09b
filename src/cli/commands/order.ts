import type { Command } from 'commander';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../orders/order-state.js';
import type { OrderDetails } from '../../orders/orders.repository.js';
import type { PaymentView } from '../../payments/payments.service.js';
import { formatBtc } from '../../shared/money.js';
import {
  emit,
  JSON_FLAG,
  localTime,
  money,
  printDetails,
  printLine,
  printTable,
  YES_FLAG,
} from '../output.js';
import {
  checkLocalTime,
  isLocalTime,
  LOCAL_TIME_FORMAT,
  parseDeliveryTime,
  parseOptions,
  wholeNumber,
} from '../parse.js';
import { paymentJson, paymentRows } from '../payment-presenters.js';
import { pickOrder } from '../pickers.js';
import { customerLabel, orderJson } from '../presenters.js';
import { confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const listOptions = z.object({
  status: z.enum(ORDER_STATUSES as [string, ...string[]]).optional(),
  limit: wholeNumber(1).default(20),
  json: z.boolean().optional(),
});

export interface ChangeFlags {
  notify: boolean;
  json?: boolean;
}

/** After a change: the order as JSON, or one sentence saying what happened and whether the customer hears. */
export function reportChange(rt: Runtime, order: OrderDetails, flags: ChangeFlags, what: string): void {
  emit(rt.io, flags.json, orderJson(order), () =>
    printLine(
      rt.io,
      `Order ${order.code} ${what}; ${flags.notify ? 'the customer will be notified' : 'the customer was not notified'}.`,
    ),
  );
}

function printOrder(
  rt: Runtime,
  order: OrderDetails,
  payment: PaymentView | null,
  timeZone: string,
  history: HistoryRow[],
): void {
  const m = (minor: number) => money(minor, order.currency);
  const at = (d: Date | null) => (d ? `${localTime(d, timeZone)} (${timeZone})` : undefined);
  printDetails(rt.io, [
    ['Order', `${order.code} · ${order.status}`],
    ['Customer', customerLabel(order.customer)],
    ['Payment', order.payment_method === 'btc' ? 'Bitcoin' : 'cash on delivery'],
    ['Subtotal', m(order.subtotal)],
    ['Bonus applied', order.bonus_applied > 0 ? m(order.bonus_applied) : undefined],
    ['Total', m(order.total)],
    ['BTC address', order.btc_address ?? undefined],
    ['BTC amount', order.btc_amount_sats === null ? undefined : `${formatBtc(order.btc_amount_sats)} BTC`],
    ...paymentRows(payment),
    ['Address', order.delivery_address],
    ['Phone', order.delivery_phone],
    ['Note', order.delivery_note ?? undefined],
    ['Delivery time', at(order.delivery_time) ?? 'not set'],
    ['Reserved until', order.status === 'reserved' ? at(order.reserved_until) : undefined],
    ['Placed', at(order.created_at)],
    ['Cancel reason', order.cancel_reason ?? undefined],
  ]);
  printTable(
    rt.io,
    ['Product', 'Quantity', 'Unit price', 'Line total'],
    order.items.map((i) => [i.product_name, i.quantity, m(i.unit_price), m(i.unit_price * i.quantity)]),
  );
  printTable(
    rt.io,
    [`When (${timeZone})`, 'From', 'To', 'By', 'Note'],
    history.map((h) => [
      localTime(h.created_at, timeZone),
      h.from_status ?? '',
      h.to_status,
      h.actor,
      h.note,
    ]),
  );
}

type HistoryRow = {
  from_status: string | null;
  to_status: string;
  actor: string;
  note: string | null;
  created_at: Date;
};

export function registerOrderCommands(program: Command, rt: Runtime): Command {
  const order = program.command('order').description("customers' orders");
  const notifyFlag = ['--no-notify', 'do not tell the customer about this change'] as const;

  order
    .command('list')
    .description('orders, newest first')
    .option('--status <status>', `only ${ORDER_STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many (default 20)')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const status = opts.status as (typeof ORDER_STATUSES)[number] | undefined;
      const orders = await services.orders.list({ status, limit: opts.limit });
      const timeZone = await services.settings.get('timezone');
      emit(rt.io, opts.json, orders.map(orderJson), () =>
        printTable(
          rt.io,
          ['Code', 'Status', 'Customer', 'Items', 'Total', 'Payment', `Placed (${timeZone})`, 'Delivery'],
          orders.map((o) => [
            o.code,
            o.status,
            customerLabel(o.customer),
            o.items.reduce((n, i) => n + i.quantity, 0),
            money(o.total, o.currency),
            o.payment_method,
            localTime(o.created_at, timeZone),
            localTime(o.delivery_time, timeZone),
          ]),
          'No orders.',
        ),
      );
    });

  order
    .command('show')
    .description('one order with its items and history')
    .argument('[code]', 'the order code (any case)')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { json?: boolean }) => {
      const code = await orAsk(rt, given, 'the order code', () => pickOrder(rt, ORDER_STATUSES, 'Order:'));
      const { services } = await rt.shop.open();
      const found = await services.orders.get(code);
      const payment = await services.payments.view(found.id);
      if (opts.json) {
        return emit(rt.io, true, { ...orderJson(found), payment: paymentJson(payment) }, () => undefined);
      }
      const timeZone = await services.settings.get('timezone');
      printOrder(rt, found, payment, timeZone, await services.orders.history(code));
    });

  order
    .command('confirm')
    .description('confirm a reserved order, optionally with the delivery time')
    .argument('[code]', 'the order code (any case)')
    .option('--delivery-time <time>', `"${LOCAL_TIME_FORMAT}" in the shop's time zone`)
    .option(...notifyFlag)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: ChangeFlags & { deliveryTime?: string }) => {
      let timeText = opts.deliveryTime;
      const code = await orAsk(rt, given, 'the order code', async () => {
        const picked = await pickOrder(rt, ['reserved'], 'Order to confirm:');
        timeText ??= await rt.prompter.input({
          message: `Delivery time (${LOCAL_TIME_FORMAT}, ${await timeZoneOf(rt)}; Enter for none):`,
          validate: (v) => v.trim() === '' || isLocalTime(v) || `Use the form ${LOCAL_TIME_FORMAT}.`,
        });
        return picked;
      });
      if (timeText?.trim()) checkLocalTime(timeText);
      const { services } = await rt.shop.open();
      const timeZone = await services.settings.get('timezone');
      const deliveryTime = timeText?.trim() ? parseDeliveryTime(timeText, timeZone) : undefined;
      const confirmed = await services.orders.confirm(code, { deliveryTime, notify: opts.notify });
      const when = confirmed.delivery_time
        ? ` for delivery ${localTime(confirmed.delivery_time, timeZone)} (${timeZone})`
        : '';
      reportChange(rt, confirmed, opts, `confirmed${when}`);
    });

  order
    .command('deliver')
    .description('mark a confirmed order delivered')
    .argument('[code]', 'the order code (any case)')
    .option(...notifyFlag)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: ChangeFlags) => {
      const code = await orAsk(rt, given, 'the order code', () =>
        pickOrder(rt, ['confirmed'], 'Order delivered:'),
      );
      const { services } = await rt.shop.open();
      reportChange(rt, await services.orders.deliver(code, { notify: opts.notify }), opts, 'delivered');
    });

  order
    .command('cancel')
    .description('cancel an open order: its stock and bonus go back')
    .argument('[code]', 'the order code (any case)')
    .option('--reason <text>', 'told to the customer')
    .option(...notifyFlag)
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: ChangeFlags & { reason?: string; yes?: boolean }) => {
      const code = await orAsk(rt, given, 'the order code', () =>
        pickOrder(rt, ['reserved', 'confirmed'], 'Order to cancel:'),
      );
      const { services } = await rt.shop.open();
      const found = await services.orders.get(code);
      await confirmAction(
        rt,
        opts.yes,
        `cancel ${found.status} order ${found.code} of ${customerLabel(found.customer)} (${money(found.total, found.currency)})`,
      );
      const cancelled = await services.orders.cancel(code, { reason: opts.reason, notify: opts.notify });
      reportChange(rt, cancelled, opts, 'cancelled');
    });

  return order;
}

export async function timeZoneOf(rt: Runtime): Promise<string> {
  const { services } = await rt.shop.open();
  return services.settings.get('timezone');
}
