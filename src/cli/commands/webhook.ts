import type { Command } from 'commander';
import { Api, GrammyError } from 'grammy';
import { z } from 'zod';
import { ALLOWED_UPDATES } from '../../bot/allowed-updates.js';
import type { Config } from '../../config.js';
import { RefusedError, UsageError } from '../errors.js';
import { emit, JSON_FLAG, printDetails, printLine } from '../output.js';
import type { Runtime } from '../runtime.js';

/**
 * The Telegram webhook of the bot: set it (as the bot does on start with BOT_MODE=webhook), show what Telegram
 * reports about it, or delete it to go back to long polling. Talks to Telegram only, not to the database.
 */

const DROP_FLAG = ['--drop-pending', 'also drop the updates Telegram is holding for the bot'] as const;
const urlArgument = z
  .string()
  .url()
  .refine((url) => url.startsWith('https://'), 'must be an https:// URL');

export function registerWebhookCommands(program: Command, rt: Runtime): void {
  const webhook = program.command('webhook').description('the Telegram webhook (BOT_MODE=webhook)');

  webhook
    .command('set [url]')
    .description('point Telegram at URL (default WEBHOOK_URL), with WEBHOOK_SECRET as the secret token')
    .option(...DROP_FLAG)
    .action(async (url: string | undefined, opts: { dropPending?: boolean }) => {
      const config = rt.shop.config();
      const target = url ?? config.webhookUrl;
      if (!target) throw new UsageError('Give the URL, or set WEBHOOK_URL.');
      const parsed = urlArgument.safeParse(target);
      if (!parsed.success) throw new UsageError(`The webhook URL ${parsed.error.issues[0]?.message}.`);
      if (!config.webhookSecret)
        throw new RefusedError('Set WEBHOOK_SECRET first: the bot checks every request against it.');
      await ask(config, (api) =>
        api.setWebhook(parsed.data, {
          secret_token: config.webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: opts.dropPending ?? false,
        }),
      );
      printLine(rt.io, `Telegram now sends updates to ${parsed.data}.`);
    });

  webhook
    .command('info')
    .description('what Telegram reports about the webhook: URL, pending updates, last error')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const info = await ask(rt.shop.config(), (api) => api.getWebhookInfo());
      const lastError = info.last_error_date
        ? `${new Date(info.last_error_date * 1000).toISOString()} ${info.last_error_message ?? ''}`.trim()
        : null;
      const json = {
        url: info.url || null,
        pending_update_count: info.pending_update_count,
        last_error: lastError,
        max_connections: info.max_connections ?? null,
        allowed_updates: info.allowed_updates ?? null,
      };
      emit(rt.io, opts.json, json, () =>
        printDetails(rt.io, [
          ['URL', json.url ?? 'none (long polling)'],
          ['Pending updates', json.pending_update_count],
          ['Last error', json.last_error ?? 'none'],
          ['Max connections', json.max_connections],
        ]),
      );
    });

  webhook
    .command('delete')
    .description('remove the webhook, so the bot can use long polling again')
    .option(...DROP_FLAG)
    .action(async (opts: { dropPending?: boolean }) => {
      await ask(rt.shop.config(), (api) =>
        api.deleteWebhook({ drop_pending_updates: opts.dropPending ?? false }),
      );
      printLine(rt.io, 'The webhook is deleted; start the bot with BOT_MODE=polling.');
    });
}

async function ask<T>(config: Config, call: (api: Api) => Promise<T>): Promise<T> {
  if (!config.botToken) throw new RefusedError('BOT_TOKEN is not set.');
  const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 15 });
  try {
    return await call(api);
  } catch (error) {
    if (error instanceof GrammyError) throw new RefusedError(`Telegram refused: ${error.description}`);
    throw new RefusedError(`Could not reach the Telegram Bot API at ${config.telegramApiRoot}.`);
  }
}
