import type { Command } from 'commander';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../orders/order-state.js';
import type { OrderDetails } from '../../orders/orders.schemas.js';
import type { PaymentView } from '../../payments/payments.service.js';
import { formatBtc } from '../../shared/money.js';
import {
  emit,
  JSON_FLAG,
  localTime,
  money,
  NO_NOTIFY_FLAG,
  printDetails,
  printLine,
  printTable,
  YES_FLAG,
} from '../output.js';
import { addPagingOptions, pageWindow, pagingSchema, printPageFooter } from '../paging.js';
import {
  checkLocalTime,
  isLocalTime,
  LOCAL_TIME_FORMAT,
  parseDeliveryTime,
  parseInstant,
  parseOptions,
  startOfToday,
} from '../parse.js';
import { paymentJson, paymentRows } from '../payment-presenters.js';
import { pickOrder } from '../pickers.js';
import { customerLabel, orderJson } from '../presenters.js';
import { askOptional, confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';
import { noteJson, printOrderNotes } from './order-notes.js';

const listOptions = z.object({
  status: z.array(z.enum(ORDER_STATUSES)).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  today: z.boolean().optional(),
  customer: z
    .string()
    .trim()
    .regex(/^(\d{1,15}|@\w{1,64})$/, 'must be a Telegram id or @username')
    .optional(),
  search: z.string().trim().min(1).optional(),
  ...pagingSchema,
  json: z.boolean().optional(),
});

/** --status reserved,confirmed or --status reserved --status confirmed. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').map((s) => s.trim()),
];

const ORDER_PAGE = 20;

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

  addPagingOptions(
    order
      .command('list')
      .description('orders, newest first')
      .option(
        '--status <status>',
        `only these (${ORDER_STATUSES.join(', ')}); repeat or separate by commas`,
        collect,
      )
      .option('--since <when>', 'placed at or after: 7d, 24h, 2026-11-01 or "2026-11-01 14:00"')
      .option('--until <when>', 'placed before (same forms as --since)')
      .option('--today', "placed since midnight in the shop's time zone")
      .option('--customer <who>', 'one customer: Telegram id or @username')
      .option('--search <text>', "part of the code, the customer's name, the phone or the address"),
    ORDER_PAGE,
  )
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const timeZone = await services.settings.get('timezone');
      const now = new Date();
      const since = opts.today
        ? startOfToday(timeZone, now)
        : opts.since && parseInstant(opts.since, '--since', timeZone, now);
      const window = pageWindow(opts, ORDER_PAGE);
      const { orders, total } = await services.orderSearch.search(
        {
          statuses: opts.status,
          since: since || undefined,
          until: opts.until ? parseInstant(opts.until, '--until', timeZone, now) : undefined,
          text: opts.search,
          ...(opts.customer?.startsWith('@')
            ? { username: opts.customer.slice(1) }
            : { userId: opts.customer ? Number(opts.customer) : undefined }),
        },
        window,
      );
      emit(rt.io, opts.json, orders.map(orderJson), () => {
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
        );
        printPageFooter(rt.io, { offset: window.offset, shown: orders.length, total });
      });
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
      const notes = await services.orderNotes.list(code);
      if (opts.json) {
        const json = { ...orderJson(found), payment: paymentJson(payment), staff_notes: notes.map(noteJson) };
        return emit(rt.io, true, json, () => undefined);
      }
      const timeZone = await services.settings.get('timezone');
      printOrder(rt, found, payment, timeZone, await services.orders.history(code));
      printOrderNotes(rt, notes, timeZone);
    });

  order
    .command('confirm')
    .description('confirm a reserved order, optionally with the delivery time')
    .argument('[code]', 'the order code (any case)')
    .option('--delivery-time <time>', `"${LOCAL_TIME_FORMAT}" in the shop's time zone`)
    .option(...NO_NOTIFY_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: ChangeFlags & { deliveryTime?: string }) => {
      const code = await orAsk(rt, given, 'the order code', () =>
        pickOrder(rt, ['reserved'], 'Order to confirm:'),
      );
      const timeText = await askOptional(rt, opts.deliveryTime, async () =>
        rt.prompter.input({
          message: `Delivery time (${LOCAL_TIME_FORMAT}, ${await timeZoneOf(rt)}; Enter for none):`,
          validate: (v) => v.trim() === '' || isLocalTime(v) || `Use the form ${LOCAL_TIME_FORMAT}.`,
        }),
      );
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
    .option(...NO_NOTIFY_FLAG)
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
    .option(...NO_NOTIFY_FLAG)
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
