import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

export type CsvValue = string | number | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula (or hide one): such cells get a leading '. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180), protected against formula injection. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * Writes a header and rows as they arrive, honouring back-pressure, to `<path>.partial`, renamed to `path`
 * only when complete: an export that fails half-way never leaves a truncated file behind. Returns the rows.
 * `bom` starts the file with a UTF-8 byte order mark.
 */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: AsyncIterable<readonly CsvValue[]>,
  options: { bom?: boolean } = {},
): Promise<number> {
  const partial = `${path}.partial`;
  // Exports hold customers' names and addresses: readable by the owner only. A file left by an earlier failed
  // run would keep its own mode, so it goes first.
  await rm(partial, { force: true });
  const out = createWriteStream(partial, { encoding: 'utf8', mode: 0o600 });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error));
  failed.catch(() => undefined);
  const write = async (line: string) => {
    if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
  };
  let count = 0;
  // Lines are gathered into chunks of about 64 KB: one stream write per chunk instead of one per row.
  // The byte order mark tells Excel the file is UTF-8; without it, Cyrillic and accents come out garbled.
  let chunk = `${options.bom ? '\uFEFF' : ''}${csvLine(header)}`;
  try {
    for await (const row of rows) {
      chunk += csvLine(row);
      count += 1;
      if (chunk.length >= 65_536) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(partial, path);
    return count;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
