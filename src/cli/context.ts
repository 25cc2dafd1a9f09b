import { join } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Shop, ShopAccess } from './runtime.js';

/**
 * The real shop behind shopctl: config from the environment (and .env), the database from DATABASE_URL or the
 * private MariaDB under the data folder, migrations applied on first use. Everything below config is imported
 * on demand, so commands that never touch the database (help, usage errors) stay fast.
 */
export function createShopAccess(env: NodeJS.ProcessEnv = process.env): ShopAccess {
  let config: Config | undefined;
  let db: Db | undefined;
  let connecting: Promise<Shop> | undefined;
  let migrated: Promise<void> | undefined;

  const readConfig = (): Config => {
    config ??= loadConfig(env);
    return config;
  };

  async function databaseUrl(current: Config): Promise<string> {
    if (current.databaseUrl) return current.databaseUrl;
    const { ensureEmbeddedMariaDb } = await import('../db/embedded.js');
    return (
      await ensureEmbeddedMariaDb({
        baseDir: join(current.dataDir, 'mariadb'),
        tcpPort: current.databaseTcpPort,
      })
    ).url;
  }

  async function connect(): Promise<Shop> {
    const current = readConfig();
    const url = await databaseUrl(current);
    const [{ createDatabase }, { createServices }] = await Promise.all([
      import('../db/connection.js'),
      import('../services.js'),
    ]);
    // One command at a time needs few connections; a second covers a stream running beside a lookup.
    db = createDatabase(url, { connectionLimit: 2 });
    // Connect once up front, so an unreachable server is reported as such and not as a failed migration.
    await db.connection().execute(async () => undefined);
    return { config: current, url, db, services: createServices(db, current) };
  }

  return {
    config: readConfig,

    async open(options = {}) {
      connecting ??= connect();
      const shop = await connecting;
      if (options.migrate !== false) {
        migrated ??= import('../db/migrator.js').then(async ({ migrateToLatest }) => {
          await migrateToLatest(shop.db);
        });
        await migrated;
      }
      return shop;
    },

    async close() {
      await db?.destroy();
      db = undefined;
    },
  };
}
