import type { Bot } from 'grammy';
import type { Message, Update, User } from 'grammy/types';
import { pino } from 'pino';
import type { BotContext } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/index.js';
import { type Config, createConfig } from '../../src/config.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { BOT_INFO, FAKE_TOKEN, FakeTelegram, recordingTransformer } from '../support/fake-bot-api.js';
import { ADMIN_ID, OWNER_ID, type TestShop, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { callbackUpdate, messageUpdate, textUpdate, tgUser } from '../support/updates.js';

/** A real bot on a test shop's database, talking to a recording fake API. */
export interface Harness {
  bot: Bot<BotContext>;
  fake: FakeTelegram;
  config: Config;
  shop: TestShop;
  worker: OutboxWorker;
  handle(update: Update): Promise<void>;
  chat(id: number, extra?: Partial<User>): CustomerChat;
  /** A fresh bot instance (a restart) on the same database and fake API. */
  restart(): Harness;
}

export function createHarness(
  shop: TestShop,
  env: Record<string, string> = {},
  fake = new FakeTelegram(),
): Harness {
  const config = createConfig({
    BOT_TOKEN: FAKE_TOKEN,
    OWNER_ID: String(OWNER_ID),
    ADMIN_IDS: String(ADMIN_ID),
    ...env,
  });
  const logger = pino({ level: 'silent' });
  const bot = createBot(
    config,
    { db: shop.db, services: shop.services, logger },
    { botInfo: BOT_INFO, rateLimit: false },
  );
  bot.api.config.use(recordingTransformer(fake));
  const worker = createOutboxWorker({ api: bot.api, services: shop.services, config, logger });
  const harness: Harness = {
    bot,
    fake,
    config,
    shop,
    worker,
    handle: (update) => bot.handleUpdate(update),
    chat: (id, extra) => new CustomerChat(harness, tgUser(id, extra)),
    restart: () => createHarness(shop, env, fake),
  };
  return harness;
}

/**
 * Gives a bot test file its own database, shop and harness, with the settings given (reference codes are off
 * unless the file turns them on); `use` receives them once they exist.
 */
export function useBotHarness(
  settings: Record<string, string>,
  use: (created: { t: TestDatabase; shop: TestShop; h: Harness }) => void | Promise<void>,
): void {
  useTestShop(async ({ t, shop }) => {
    for (const [key, value] of Object.entries({ reference_codes_enabled: 'false', ...settings })) {
      await shop.services.settings.set(key, value);
    }
    await use({ t, shop, h: createHarness(shop) });
  });
}

/** One customer's side of the conversation. */
export class CustomerChat {
  constructor(
    readonly h: Harness,
    readonly user: User,
  ) {}

  get id(): number {
    return this.user.id;
  }

  async send(text: string): Promise<void> {
    await this.h.handle(textUpdate(this.user, text));
  }

  async sendContent(content: Partial<Message>): Promise<void> {
    await this.h.handle(messageUpdate(this.user, content));
  }

  /** Presses the newest button whose label contains `label`; returns the callback data it carried. */
  async press(label: string): Promise<string> {
    const { message, button } = this.h.fake.findButton(this.id, label);
    await this.h.handle(callbackUpdate(this.user, button.callback_data, this.h.fake.asTelegram(message)));
    return button.callback_data;
  }

  /** Sends raw callback data, as a forged or very old button would. */
  async pressData(data: string): Promise<void> {
    const last = [...this.h.fake.messages.values()].filter((m) => m.chat_id === this.id).at(-1);
    await this.h.handle(callbackUpdate(this.user, data, last && this.h.fake.asTelegram(last)));
  }

  /** Button labels of the newest live message. */
  buttons(): string[] {
    const last = [...this.h.fake.messages.values()].filter((m) => m.chat_id === this.id && !m.deleted).at(-1);
    return (last?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
  }

  lastText(): string {
    return this.h.fake.lastText(this.id);
  }

  texts(): string[] {
    return this.h.fake.texts(this.id);
  }

  /** What the last callback answer said (empty when answered silently). */
  lastAnswer(): string {
    const answers = this.h.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    return String(answers.at(-1)?.payload.text ?? '');
  }

  /** Sends /start and, when the shop asks for one, the code. */
  async join(code?: string): Promise<void> {
    await this.send(code ? `/start ${code}` : '/start');
  }
}
