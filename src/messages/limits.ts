import { escapeHtml, stripTags } from './html.js';

/**
 * Telegram's size limits, in one place. A text over a limit is refused with a 400, so every text we build from
 * data of unbounded length (product names, carts, addresses) is fitted here before it is sent.
 */
export const LIMITS = {
  /** sendMessage / editMessageText text, in characters after entity parsing. */
  message: 4096,
  /** sendPhoto caption. */
  caption: 1024,
  /** answerCallbackQuery text. */
  callbackAnswer: 200,
  /** callback_data, in bytes. */
  callbackData: 64,
  /** What fits a button on a phone; Telegram itself cuts longer labels without a mark. */
  buttonText: 40,
  /** Buttons in one inline keyboard. */
  keyboardButtons: 100,
} as const;

/** Cuts text to at most `max` characters (code points), marking the cut with an ellipsis. */
export function cutText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A button label short enough to read in full: `label` (a name) is cut so that `suffix` (a count, a price) shows. */
export function buttonText(label: string, suffix = '', max: number = LIMITS.buttonText): string {
  return `${cutText(label, Math.max(1, max - [...suffix].length))}${suffix}`;
}

/** A callback query answer within Telegram's 200 characters. */
export const callbackAnswer = (text: string) => cutText(text, LIMITS.callbackAnswer);

/**
 * Joins as many lines as fit in `max` characters (with `separator` between them); when some do not fit, the
 * last line says how many were left out, as rendered by `more(n)`. `head` and `tail` are always kept.
 */
export function fitLines(
  parts: { head: readonly string[]; items: readonly string[]; tail: readonly string[] },
  max: number,
  more: (count: number) => string,
  separator = '\n',
): string {
  const join = (items: readonly string[], omitted: number) =>
    [...parts.head, ...items, ...(omitted > 0 ? [more(omitted)] : []), ...parts.tail].join(separator);
  const full = join(parts.items, 0);
  if (full.length <= max) return full;
  // Lines only get longer with more items, so a binary search finds the most that fit.
  let low = 0;
  let high = parts.items.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (join(parts.items.slice(0, mid), parts.items.length - mid).length <= max) low = mid;
    else high = mid - 1;
  }
  return cutText(join(parts.items.slice(0, low), parts.items.length - low), max);
}

/**
 * Splits a long text into parts of at most `max` characters, on line boundaries where it can (so HTML tags,
 * which our texts open and close on one line, stay balanced); a single longer line is cut hard.
 */
export function splitText(text: string, max = LIMITS.message): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > max) {
      const chars = [...rest];
      let piece = '';
      let taken = 0;
      while (taken < chars.length && piece.length + (chars[taken]?.length ?? 0) <= max) {
        piece += chars[taken];
        taken += 1;
      }
      parts.push(piece);
      rest = chars.slice(taken).join('');
    }
    current = rest;
  }
  flush();
  return parts;
}

/** What Telegram counts of an HTML text: the text without its tags, each entity one character. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot|#\d+);/g, '&').length;
}

/**
 * The last guard before an HTML text is sent, for what the builders of long texts did not foresee: a text over
 * `max` keeps the whole lines that fit (our texts close every tag on the line that opens it) and ends with an
 * ellipsis; when not even the first line fits, it goes as plain text, cut.
 */
export function fitHtml(html: string, max: number): string {
  if (visibleLength(html) <= max) return html;
  let kept = '';
  for (const line of html.split('\n')) {
    const next = kept === '' ? line : `${kept}\n${line}`;
    if (visibleLength(next) > max - 2) break;
    kept = next;
  }
  return kept.trim() !== '' ? `${kept}\n…` : escapeHtml(cutText(stripTags(html), max));
}

/** Whether `data` fits a button's callback_data, which Telegram counts in bytes of UTF-8. */
export const fitsCallbackData = (data: string) => Buffer.byteLength(data, 'utf8') <= LIMITS.callbackData;
