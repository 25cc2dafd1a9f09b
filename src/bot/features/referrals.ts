import { Composer, InlineKeyboard } from 'grammy';
import { formatter } from '../../messages/format.js';
import { ValidationError } from '../../shared/errors.js';
import { onCallback } from '../callback-data/handle.js';
import { menuData, referralData } from '../callback-data/index.js';
import type { BotContext } from '../context.js';
import { show } from '../views/show.js';

/** Referrals: bonus balance and ledger, people referred, my reference codes and "create a code". */
export const referralsFeature = new Composer<BotContext>();

const LEDGER_ROWS = 10;

export async function showReferrals(ctx: BotContext): Promise<void> {
  const userId = ctx.user.id;
  const { bonus, refcodes, settings } = ctx.services;
  const [balance, ledger, referred, { codes, canCreate }, config] = await Promise.all([
    bonus.balance(userId),
    bonus.ledger(userId, LEDGER_ROWS),
    refcodes.referredCount(userId),
    refcodes.customerCodes(userId),
    settings.all(),
  ]);
  const f = formatter(ctx.locale, ctx.config.currency, config.timezone);
  const link = (code: string) => `https://t.me/${ctx.me.username}?start=${code}`;
  const lines = [
    ctx.t('refs-title'),
    ctx.t('refs-percent', { percent: config.reference_bonus_percent }),
    '',
    ctx.t('refs-balance', { amount: f.money(balance) }),
    ctx.t('refs-referred', { count: referred }),
  ];
  if (ledger.length) {
    lines.push('', ctx.t('refs-ledger'));
    for (const entry of ledger) {
      lines.push(
        ctx.t('refs-ledger-entry', {
          time: f.time(entry.created_at),
          kind: entry.kind,
          amount: `${entry.amount > 0 ? '+' : ''}${f.money(entry.amount)}`,
          order: entry.order_code ?? '',
        }),
      );
    }
  }
  lines.push('', ctx.t(codes.length ? 'refs-codes' : 'refs-no-codes'));
  for (const code of codes) {
    lines.push(
      ctx.t('refs-code', {
        code: code.code,
        state: code.state,
        uses: code.uses_count,
        max: code.max_uses > 0 ? String(code.max_uses) : '∞',
        link: link(code.code),
      }),
    );
  }
  const keyboard = new InlineKeyboard();
  if (canCreate) {
    keyboard.text(ctx.t('refs-create'), referralData.pack({ op: 'new' })).row();
  }
  keyboard.text(ctx.t('menu-back'), menuData.pack({ to: 'home' }));
  await show(ctx, { text: lines.join('\n'), keyboard });
}

onCallback(referralsFeature, referralData, async (ctx) => {
  try {
    const code = await ctx.services.refcodes.createForCustomer(ctx.user.id);
    await ctx.answerCallbackQuery({ text: ctx.t('refs-created', { code: code.code }) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await ctx.answerCallbackQuery({
      text: ctx.t('refs-limit', { limit: error.details.limit ?? '' }),
      show_alert: true,
    });
  }
  await showReferrals(ctx);
});
