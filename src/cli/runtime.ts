import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Services } from '../services.js';
import type { Prompter } from './prompts.js';

/** Where the CLI writes, and whether a person sits at a terminal to answer questions. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** stdin is a terminal: prompts and confirmations are allowed. */
  interactive: boolean;
  /** The terminal's width when stdout is one; tables are narrowed to fit it. */
  columns?: number;
}

/** An open shop: the database (migrated unless asked otherwise) and the services built on it. */
export interface Shop {
  config: Config;
  /** The database's mysql:// URL (DATABASE_URL, or the private server's); for the MariaDB client tools. */
  url?: string;
  db: Db;
  services: Services;
}

/** Opens the shop on first use, so `shopctl --help` never loads the database layer. */
export interface ShopAccess {
  config(): Config;
  open(options?: { migrate?: boolean }): Promise<Shop>;
  close(): Promise<void>;
}

/** What every command is built with (see createProgram). */
export interface Runtime {
  io: CliIO;
  shop: ShopAccess;
  prompter: Prompter;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
