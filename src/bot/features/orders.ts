import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { bitcoinUri, qrPng } from '../../messages/bitcoin.js';
import { formatter } from '../../messages/format.js';
import type { OrderDetails } from '../../orders/orders.schemas.js';
import { amountDue } from '../../payments/payment-rules.js';
import { InvalidTransitionError, NotFoundError } from '../../shared/errors.js';
import { onCallback } from '../callback-data/handle.js';
import { menuData, orderData, ordersData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { logOrder } from '../middlewares/update-context.js';
import { awaitsBitcoin, detailText } from '../views/order.js';
import { show } from '../views/show.js';

/** My orders: newest first, a page at a time; an order's detail; cancelling while it is only reserved. */
export const ordersFeature = new Composer<BotContext>();

const PAGE_SIZE = 5;

export async function showOrders(ctx: BotContext, before: number): Promise<void> {
  const rows = await ctx.services.orders.list({
    userId: ctx.user.id,
    before: before || undefined,
    limit: PAGE_SIZE + 1,
  });
  const page = rows.slice(0, PAGE_SIZE);
  const keyboard = new InlineKeyboard();
  for (const order of page) {
    const total = formatter(ctx.locale, order.currency, 'UTC').money(order.total);
    const status = ctx.t('order-status-short', { status: order.status });
    keyboard
      .text(`${order.code} · ${status} · ${total}`, orderData.pack({ op: 'show', code: order.code }))
      .row();
  }
  if (before > 0) keyboard.text(ctx.t('nav-newest'), ordersData.pack({ before: 0 }));
  const last = page.at(-1);
  if (rows.length > PAGE_SIZE && last)
    keyboard.text(ctx.t('nav-older'), ordersData.pack({ before: last.id }));
  keyboard.row().text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: ctx.t(page.length ? 'orders-title' : 'orders-none'), keyboard });
}

/** The caller's own order, or an answer saying there is none (someone else's code looks just the same). */
async function ownOrder(ctx: BotContext, code: string): Promise<OrderDetails | undefined> {
  try {
    return await ctx.services.orders.getForCustomer(ctx.user.id, code);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t('order-not-found'), show_alert: true });
    return undefined;
  }
}

async function showDetail(ctx: BotContext, order: OrderDetails): Promise<void> {
  const keyboard = new InlineKeyboard();
  if (order.status === 'reserved') {
    if (awaitsBitcoin(order)) {
      keyboard.text(ctx.t('order-show-qr'), orderData.pack({ op: 'qr', code: order.code }));
    }
    keyboard.text(ctx.t('order-cancel'), orderData.pack({ op: 'cancel', code: order.code })).row();
  }
  keyboard.text(ctx.t('orders-back'), ordersData.pack({ before: 0 }));
  await show(ctx, { text: await detailText(ctx, order), keyboard });
}

onCallback(ordersFeature, ordersData, (ctx, { before }) => showOrders(ctx, before));

onCallback(ordersFeature, orderData, async (ctx, { op, code }) => {
  logOrder(ctx, code);
  const order = await ownOrder(ctx, code);
  if (!order) return;
  switch (op) {
    case 'show':
      return showDetail(ctx, order);
    case 'qr': {
      // An old button stays on screen after an edit the bonus now covers: show the order instead of a QR code.
      if (!awaitsBitcoin(order)) return showDetail(ctx, order);
      const payment = await ctx.services.payments.view(order.id);
      const uri = bitcoinUri(order.btc_address, amountDue(order.btc_amount_sats, payment));
      await ctx.answerCallbackQuery();
      await ctx.replyWithPhoto(new InputFile(await qrPng(uri), `${order.code}.png`), {
        caption: ctx.t('order-qr-caption', { code: order.code }),
        parse_mode: 'HTML',
      });
      return;
    }
    case 'cancel': {
      if (order.status !== 'reserved') {
        await ctx.answerCallbackQuery({ text: ctx.t('order-cannot-cancel'), show_alert: true });
        return showDetail(ctx, order);
      }
      const keyboard = new InlineKeyboard()
        .text(ctx.t('order-cancel-yes'), orderData.pack({ op: 'yes', code: order.code }))
        .text(ctx.t('order-cancel-no'), orderData.pack({ op: 'show', code: order.code }));
      return show(ctx, { text: ctx.t('order-cancel-confirm', { code: order.code }), keyboard });
    }
    case 'yes': {
      try {
        const cancelled = await ctx.services.orders.cancelByCustomer(ctx.user.id, order.code);
        await ctx.answerCallbackQuery({ text: ctx.t('order-cancelled-alert', { code: order.code }) });
        return showDetail(ctx, cancelled);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        await ctx.answerCallbackQuery({ text: ctx.t('order-cannot-cancel'), show_alert: true });
        return showDetail(ctx, await ctx.services.orders.getForCustomer(ctx.user.id, order.code));
      }
    }
  }
});
