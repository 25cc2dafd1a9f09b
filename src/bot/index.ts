import { sequentialize } from '@grammyjs/runner';
import { Bot, type Middleware, session } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config.js';
import { createI18n, escapeVariables, type Locale, pickLocale } from '../messages/i18n.js';
import { createSessionStore } from '../sessions/sessions.repository.js';
import { configuredStaff } from '../users/staff.js';
import { applyApiPolicy } from './api-policy.js';
import type { BotContext, BotDeps, SessionData } from './context.js';
import { cartFeature } from './features/cart.js';
import { checkoutFeature } from './features/checkout.js';
import { checkoutInputFeature } from './features/checkout-input.js';
import { fallbackFeature } from './features/fallback.js';
import { helpFeature } from './features/help.js';
import { menuFeature } from './features/menu.js';
import { ordersFeature } from './features/orders.js';
import { productFeature } from './features/product.js';
import { referralsFeature } from './features/referrals.js';
import { searchFeature } from './features/search.js';
import { shopFeature } from './features/shop.js';
import { supportFollowUpFeature } from './features/support-follow-up.js';
import { answerCallbacks } from './middlewares/answer-callbacks.js';
import { handleBotError } from './middlewares/error-boundary.js';
import { type FloodLimit, floodGuard } from './middlewares/flood-guard.js';
import { createStaffPass } from './middlewares/staff-pass.js';
import { updateContext } from './middlewares/update-context.js';
import { userGate } from './middlewares/user-gate.js';

export interface BotOptions {
  /** Known bot info, so updates can be handled without calling getMe (tests). */
  botInfo?: UserFromGetMe;
  /** The per-user update limit instead of the configured one, with a clock in ms (tests); false: no limit. */
  rateLimit?: (FloodLimit & { now?: () => number }) | false;
  /** The handlers behind the middleware stack; the shop's features unless given (the benchmark's baseline). */
  features?: Middleware<BotContext>[];
}

const FEATURES: Middleware<BotContext>[] = [
  menuFeature,
  helpFeature,
  searchFeature,
  shopFeature,
  productFeature,
  cartFeature,
  checkoutFeature,
  ordersFeature,
  referralsFeature,
  checkoutInputFeature,
  supportFollowUpFeature,
  fallbackFeature,
];

export function createBot(config: Config, deps: BotDeps, options: BotOptions = {}): Bot<BotContext> {
  if (!config.botToken) throw new Error('BOT_TOKEN is not set.');
  const bot = new Bot<BotContext>(config.botToken, {
    botInfo: options.botInfo,
    client: { apiRoot: config.telegramApiRoot, timeoutSeconds: 60 },
  });
  applyApiPolicy(bot.api);
  const i18n = createI18n<BotContext>(config.locale);
  const staffPass = createStaffPass(configuredStaff(config));

  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? {
      updates: config.rateLimit.updates,
      windowMs: config.rateLimit.windowSeconds * 1000,
      pauseMs: config.rateLimit.pauseSeconds * 1000,
    };
    // Staff pass unlimited; the guard itself reads no database (see staff-pass.ts).
    bot.use(
      floodGuard(limit, {
        isExempt: staffPass.isExempt,
        now: options.rateLimit ? options.rateLimit.now : undefined,
        tell: (ctx) => {
          const text = i18n.t(pickLocale(ctx.from?.language_code, config.locale), 'rate-limited', {
            minutes: Math.ceil(limit.pauseMs / 60_000),
          });
          return ctx.callbackQuery
            ? ctx.answerCallbackQuery({ text, show_alert: true })
            : ctx.api.sendMessage(ctx.from?.id as number, text);
        },
      }),
    );
  }
  // Updates are handled concurrently (see polling.ts); one customer's run in order, so a session is never read
  // by one update while another still holds it.
  bot.use(updateContext(deps.logger, deps.observeUpdate));
  bot.use(sequentialize((ctx) => ctx.from?.id.toString() ?? ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.config = config;
    ctx.services = deps.services;
    // Until i18n runs (and should it fail), errors are still told in the shop's language.
    ctx.t = ctx.translate = (key, variables) => i18n.t(config.locale, key, escapeVariables(variables));
    return next();
  });
  bot.use(answerCallbacks);

  const shop = bot.errorBoundary(handleBotError);
  // A shop talks to customers one to one; groups and channels are ignored.
  const privateChats = shop.filter((ctx) => ctx.chat?.type === 'private' || ctx.callbackQuery !== undefined);
  privateChats.use(i18n);
  privateChats.use(async (ctx, next) => {
    const translate = ctx.t;
    ctx.t = ctx.translate = (key, variables) => translate(key, escapeVariables(variables));
    ctx.locale = (await ctx.i18n.getLocale()) as Locale;
    return next();
  });
  privateChats.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      getSessionKey: (ctx) => ctx.from?.id.toString(),
      storage: createSessionStore<SessionData>(deps.db),
    }),
  );
  privateChats.use(staffPass.learn, userGate);
  privateChats.use(...(options.features ?? FEATURES));

  bot.catch(handleBotError);
  return bot;
}
