/**
 * Plain box tables, drawn by hand: cli-table3 took seconds for ten thousand rows, this takes milliseconds. Columns
 * are as wide as their widest cell; given a terminal width, the widest columns give way and their cells end in "…".
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
const DOUBLE_WIDTH =
  /[\p{Extended_Pictographic}\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
/** A column never shrinks below this, so a squeezed table still says something in each column. */
const MIN_WIDTH = 6;

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return DOUBLE_WIDTH.test(char) ? 2 : 1;
}

/** Columns a string takes on a terminal. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** `text` cut to `width` columns, ending in "…" when anything was cut. */
function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Narrows the widest columns, one column at a time, until the table fits `maxWidth` (or nothing can give). */
function narrowToFit(widths: number[], maxWidth: number): number[] {
  const fitted = [...widths];
  const frame = 3 * fitted.length + 1;
  let excess = fitted.reduce((a, b) => a + b, frame) - maxWidth;
  while (excess > 0) {
    const widest = fitted.indexOf(Math.max(...fitted));
    if ((fitted[widest] ?? 0) <= MIN_WIDTH) break;
    fitted[widest] = (fitted[widest] ?? 0) - 1;
    excess--;
  }
  return fitted;
}

export function renderTable(head: string[], rows: string[][], maxWidth?: number): string {
  // A line break or tab inside a cell would tear the grid apart.
  const clean = (cell: string) => cell.replace(/[\r\n\t]+/g, ' ');
  const body = rows.map((row) => row.map(clean));
  const natural = head.map((h, i) =>
    body.reduce((max, row) => Math.max(max, displayWidth(row[i] ?? '')), displayWidth(h)),
  );
  const widths = maxWidth ? narrowToFit(natural, maxWidth) : natural;
  const line = (cells: string[]) =>
    `│ ${widths
      .map((w, i) => {
        const text = truncate(cells[i] ?? '', w);
        return text + ' '.repeat(w - displayWidth(text));
      })
      .join(' │ ')} │`;
  const rule = (left: string, mid: string, right: string) =>
    `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  return [rule('┌', '┬', '┐'), line(head), rule('├', '┼', '┤'), ...body.map(line), rule('└', '┴', '┘')].join(
    '\n',
  );
}
