import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { printLine } from './output.js';
import { wholeNumber } from './parse.js';

/** --limit and --page, the same on every list. */
export const pagingSchema = {
  limit: wholeNumber(1).optional(),
  page: wholeNumber(1).default(1),
};

export interface Paging {
  limit?: number;
  page: number;
}

export function addPagingOptions(command: Command, defaultLimit?: number): Command {
  return command
    .option('--limit <n>', `how many per page (default ${defaultLimit ?? 'all'})`)
    .option('--page <n>', 'which page, from 1 (default 1)');
}

/** The offset and size of the page asked for; `limit` unset means all rows. */
export function pageWindow(paging: Paging, defaultLimit = Number.MAX_SAFE_INTEGER) {
  const limit = paging.limit ?? defaultLimit;
  return { limit, offset: Math.min((paging.page - 1) * limit, Number.MAX_SAFE_INTEGER) };
}

export interface ShownPage<T> {
  items: T[];
  offset: number;
  shown: number;
  total: number;
}

/** The page asked for of a list already in memory, with the count of all. */
export function pageOf<T>(rows: readonly T[], paging: Paging): ShownPage<T> {
  const { limit, offset } = pageWindow(paging);
  const items = rows.slice(offset, offset + limit);
  return { items, offset, shown: items.length, total: rows.length };
}

const count = new Intl.NumberFormat('en-US');

/** "showing 21-40 of 1,234" under a table, when the table is not the whole list. */
export function printPageFooter(io: CliIO, page: Omit<ShownPage<unknown>, 'items'>): void {
  if (page.shown === page.total && page.offset === 0) return;
  const range = page.shown === 0 ? 'none' : `${page.offset + 1}-${page.offset + page.shown}`;
  printLine(io, `showing ${range} of ${count.format(page.total)}`);
}
