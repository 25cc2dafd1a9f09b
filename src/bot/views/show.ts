import { GrammyError, type InlineKeyboard } from 'grammy';
import { fitHtml, LIMITS } from '../../messages/limits.js';
import type { BotContext } from '../context.js';

export interface Screen {
  text: string;
  keyboard?: InlineKeyboard;
  /** A Telegram file_id: the screen is a photo with `text` as its caption (keep it under 1024 characters). */
  photo?: string | null;
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes('message is not modified');
}

/**
 * Shows a screen: a button press edits the message it came from when it can (text to text, photo to photo);
 * otherwise the old message goes and a new one is sent.
 */
export async function show(ctx: BotContext, given: Screen): Promise<void> {
  // Screens fit their lists themselves; this only stops a text nobody foresaw from being refused outright.
  const screen = { ...given, text: fitHtml(given.text, given.photo ? LIMITS.caption : LIMITS.message) };
  // Keyboards are built row by row; a trailing or doubled row() must not reach Telegram as an empty row.
  const rows = screen.keyboard?.inline_keyboard.filter((row) => row.length > 0);
  const options = { parse_mode: 'HTML' as const, reply_markup: rows && { inline_keyboard: rows } };
  const current = ctx.callbackQuery?.message;
  try {
    if (current && !screen.photo && current.text !== undefined) {
      await ctx.editMessageText(screen.text, { ...options, link_preview_options: { is_disabled: true } });
      return;
    }
    if (current && screen.photo && current.photo) {
      await ctx.editMessageCaption({ caption: screen.text, ...options });
      return;
    }
  } catch (error) {
    if (isNotModified(error)) return;
    throw error;
  }
  if (current) await ctx.deleteMessage().catch(() => undefined);
  if (screen.photo) {
    await ctx.replyWithPhoto(screen.photo, { caption: screen.text, ...options });
  } else {
    await ctx.reply(screen.text, { ...options, link_preview_options: { is_disabled: true } });
  }
}
