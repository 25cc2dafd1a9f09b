import Table from 'cli-table3';
import { displayMoney } from '../shared/money.js';
import { escapeControls } from '../shared/safe-text.js';
import { formatLocalDateTime } from '../shared/time.js';
import type { CliIO } from './io.js';
import { renderTable } from './table.js';

/**
 * Everything a command prints goes through here: a cli-table3 table or lines for people, or exactly one JSON
 * document for programs. No colours, so output piped to a file reads the same as on screen. Text for people never
 * carries a control character through: customers choose much of it (see safeText).
 */
export type Cell = string | number | boolean | null | undefined;

const plain = { head: [] as string[], border: [] as string[] };

/** Longest cell in a list, and in a one-record view: a pasted novel as a name must not bury the rest. */
const LIST_CELL = 60;
const DETAIL_CELL = 500;

/** Text safe to show in a terminal: control characters escaped (\x1b, \r, \u202e...), cut to `max` with "…". */
export function safeText(text: string, max?: number): string {
  const escaped = escapeControls(text);
  if (max === undefined || escaped.length <= max) return escaped;
  return `${Array.from(escaped.slice(0, max))
    .slice(0, max - 1)
    .join('')}…`;
}

function cellText(value: Cell, max: number): string {
  if (value === null || value === undefined) return '';
  return safeText(String(value), max);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One or more lines for people; each line is passed through safeText. */
export function printLine(io: CliIO, text = ''): void {
  io.stdout.write(
    `${text
      .split('\n')
      .map((line) => safeText(line))
      .join('\n')}\n`,
  );
}

/** A list as a table, as wide as the terminal allows; `empty` is printed instead when there are no rows. */
export function printTable(io: CliIO, head: string[], rows: Cell[][], empty = 'Nothing to show.'): void {
  if (rows.length === 0) {
    printLine(io, empty);
    return;
  }
  printLine(
    io,
    renderTable(
      head,
      rows.map((row) => row.map((cell) => cellText(cell, LIST_CELL))),
      io.columns,
    ),
  );
}

/** One record as a two-column table of labels and values; rows with an undefined value are left out. */
export function printDetails(io: CliIO, rows: [label: string, value: Cell][]): void {
  const table = new Table({ style: plain });
  for (const [label, value] of rows) {
    if (value !== undefined) table.push({ [label]: cellText(value, DETAIL_CELL) });
  }
  io.stdout.write(`${table.toString()}\n`);
}

/** Prints `json` with --json, otherwise runs `human`: every data-printing command ends in this. */
export function emit(io: CliIO, json: boolean | undefined, value: unknown, human: () => void): void {
  if (json) printJson(io, value);
  else human();
}

/** Money for people: "$12.50". */
export function money(minor: number, currency: string): string {
  return displayMoney(minor, currency);
}

/** A time for people, in the shop's time zone: "2026-11-22 10:00". */
export function localTime(instant: Date | null | undefined, timeZone: string): string {
  return instant ? formatLocalDateTime(instant, timeZone) : '';
}

/** A time for programs: ISO 8601 UTC, or null. */
export function iso(instant: Date | null | undefined): string | null {
  return instant ? instant.toISOString() : null;
}

/** The --json flag, worded the same on every command that prints data. */
export const JSON_FLAG = ['--json', 'print the result as one JSON document on stdout'] as const;
export const NO_NOTIFY_FLAG = ['--no-notify', 'do not tell the customer about this change'] as const;
export const YES_FLAG = ['-y, --yes', 'do not ask for confirmation'] as const;
