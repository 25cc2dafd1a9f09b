import type { InlineKeyboardMarkup } from 'grammy/types';

/**
 * Telegram's own checks on sizes, with the descriptions it answers (400 Bad Request), so a test fails the way
 * production would when a text outgrows a limit. Lengths count the text after HTML parsing, in UTF-16 units.
 */

function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== 'HTML') return text.length;
  return text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+);/g, 'x').length;
}

export function limitViolation(method: string, payload: Record<string, unknown>): string | undefined {
  const mode = payload.parse_mode;
  if (typeof payload.text === 'string') {
    const max = method === 'answerCallbackQuery' ? 200 : 4096;
    const length = visibleLength(payload.text, mode);
    if (method !== 'answerCallbackQuery' && length === 0) return 'Bad Request: message text is empty';
    if (length > max)
      return method === 'answerCallbackQuery'
        ? 'Bad Request: MESSAGE_TOO_LONG'
        : 'Bad Request: message is too long';
  }
  if (typeof payload.caption === 'string' && visibleLength(payload.caption, mode) > 1024)
    return 'Bad Request: message caption is too long';
  const rows = (payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  if (rows.flat().length > 100) return 'Bad Request: reply markup is too long';
  for (const button of rows.flat()) {
    if ('callback_data' in button && Buffer.byteLength(button.callback_data) > 64)
      return 'Bad Request: BUTTON_DATA_INVALID';
  }
  return undefined;
}
