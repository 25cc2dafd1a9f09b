import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Services } from '../services.js';
import type { CliIO } from './io.js';
import type { Prompter } from './prompter.js';

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
