import type { Executor } from '../db/transaction.js';
import type { Clock } from '../shared/clock.js';
import { findCachedBotUsername, saveCachedBotUsername } from './bot-identity.repository.js';
import { getMe } from './get-me.js';

export interface BotIdentityDeps {
  db: Executor;
  clock: Clock;
  botToken: string | undefined;
  telegramApiRoot: string;
}

/**
 * Who the bot is on Telegram, for links such as t.me/<bot>?start=<CODE>: asked of the Bot API (getMe) once per
 * token and kept in the database. Without a token, or when Telegram cannot be reached, it is unknown.
 */
export function createBotIdentityService(deps: BotIdentityDeps) {
  async function askTelegram(token: string): Promise<string | undefined> {
    const me = await getMe(token, deps.telegramApiRoot, 5_000);
    return me.ok ? me.username : undefined;
  }

  async function username(): Promise<string | undefined> {
    const token = deps.botToken;
    if (!token) return undefined;
    const botId = token.split(':')[0];
    const cached = await findCachedBotUsername(deps.db);
    if (cached?.startsWith(`${botId}:`)) return cached.slice(`${botId}:`.length);
    const found = await askTelegram(token);
    if (found) await saveCachedBotUsername(deps.db, `${botId}:${found}`, deps.clock.now());
    return found;
  }

  return {
    username,

    /** The link that opens the bot with a reference code, or undefined when the bot's username is unknown. */
    async startLink(code: string): Promise<string | undefined> {
      const name = await username();
      return name && `https://t.me/${name}?start=${code}`;
    },
  };
}
