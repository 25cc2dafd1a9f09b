import Table from 'cli-table3';
import { displayMoney } from '../shared/money.js';
import { formatLocalDateTime } from '../shared/time.js';
import type { CliIO } from './runtime.js';
import { renderTable } from './table.js';

/**
 * Everything a command prints goes through here: a cli-table3 table or lines for people, or exactly one JSON
 * document for programs. No colours, so output piped to a file reads the same as on screen.
 */
export type Cell = string | number | boolean | null | undefined;

const plain = { head: [] as string[], border: [] as string[] };

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(io: CliIO, text = ''): void {
  io.stdout.write(`${text}\n`);
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
      rows.map((row) => row.map(cellText)),
      io.columns,
    ),
  );
}

/** One record as a two-column table of labels and values; rows with an undefined value are left out. */
export function printDetails(io: CliIO, rows: [label: string, value: Cell][]): void {
  const table = new Table({ style: plain });
  for (const [label, value] of rows) {
    if (value !== undefined) table.push({ [label]: cellText(value) });
  }
  printLine(io, table.toString());
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
export const YES_FLAG = ['-y, --yes', 'do not ask for confirmation'] as const;
