import { describe, expect, it } from 'vitest';
import {
  buttonText,
  callbackAnswer,
  cutText,
  fitHtml,
  fitLines,
  fitsCallbackData,
  LIMITS,
  splitText,
  visibleLength,
} from '../../src/messages/limits.js';

describe('Telegram limits', () => {
  it('cuts text on a character boundary and marks the cut', () => {
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('abcdef', 4)).toBe('abc…');
    const emoji = '😀'.repeat(10);
    expect(cutText(emoji, 4)).toBe('😀😀😀…');
    expect([...callbackAnswer('x'.repeat(500))]).toHaveLength(LIMITS.callbackAnswer);
    expect([...buttonText('y'.repeat(100))]).toHaveLength(LIMITS.buttonText);
    expect(buttonText('y'.repeat(100), ' · $1.00')).toBe(`${'y'.repeat(31)}… · $1.00`);
    expect(buttonText('Tea', ' (3)')).toBe('Tea (3)');
  });

  it('keeps head and tail and says how many items were left out', () => {
    const items = Array.from({ length: 100 }, (_, i) => `item ${i} ${'x'.repeat(50)}`);
    const text = fitLines({ head: ['HEAD'], items, tail: ['TAIL'] }, 1000, (n) => `... and ${n} more items`);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.startsWith('HEAD\nitem 0 ')).toBe(true);
    expect(text.endsWith('TAIL')).toBe(true);
    const shown = text.split('\n').filter((l) => l.startsWith('item ')).length;
    expect(text).toContain(`... and ${100 - shown} more items`);
    // As many as fit: one more would not.
    const oneMore = ['HEAD', ...items.slice(0, shown + 1), `... and ${99 - shown} more items`, 'TAIL'].join(
      '\n',
    );
    expect(oneMore.length).toBeGreaterThan(1000);
    expect(fitLines({ head: ['H'], items: ['a', 'b'], tail: [] }, 100, () => 'more')).toBe('H\na\nb');
  });

  it('splits a long text into parts on line boundaries, cutting only a line that is itself too long', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `<b>line ${i}</b> ${'z'.repeat(20)}`);
    const parts = splitText(lines.join('\n'), 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    for (const part of parts) expect(part.split('<b>').length).toBe(part.split('</b>').length);

    const long = 'é'.repeat(9000);
    const pieces = splitText(`a\n${long}\nb`, 4096);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.map((p) => p.length)).toEqual([1, 4096, 4096, 810]);
    expect(pieces.join('').replace(/\n/g, '') === `a${long}b`).toBe(true);
    expect(splitText('fits')).toEqual(['fits']);
  });

  it('counts callback data in bytes of UTF-8, as Telegram does', () => {
    expect(fitsCallbackData(`q:${'x'.repeat(62)}`)).toBe(true);
    expect(fitsCallbackData(`q:${'ж'.repeat(31)}`)).toBe(true);
    expect(fitsCallbackData(`q:${'ж'.repeat(32)}`)).toBe(false);
  });

  it('guards an HTML text at whole lines, counting what Telegram counts, and never breaks a tag', () => {
    const line = (i: number) => `<b>line ${i}</b> &amp; ${'x'.repeat(40)}`;
    const text = Array.from({ length: 200 }, (_, i) => line(i)).join('\n');
    expect(fitHtml('<b>short</b>', 10)).toBe('<b>short</b>');
    const fitted = fitHtml(text, LIMITS.message);
    expect(visibleLength(fitted)).toBeLessThanOrEqual(LIMITS.message);
    expect(fitted.length).toBeGreaterThan(LIMITS.message);
    expect(fitted.endsWith(`${line(fitted.split('\n').length - 2)}\n…`)).toBe(true);
    const oneLine = `<b>${'é&lt;'.repeat(1000)}</b>`;
    const plain = fitHtml(oneLine, LIMITS.caption);
    expect(plain).not.toContain('<b>');
    expect(visibleLength(plain)).toBe(LIMITS.caption);
  });
});
