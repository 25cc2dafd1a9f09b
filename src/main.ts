import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GrammyError } from 'grammy';
import { type Logger, pino } from 'pino';
import { publishCommands } from './bot/commands.js';
import { createBot } from './bot/index.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDatabase, type Db } from './db/connection.js';
import { EmbeddedDatabaseError, ensureEmbeddedMariaDb } from './db/embedded.js';
import { migrateToLatest } from './db/migrator.js';
import { createOutboxApi, createOutboxWorker } from './jobs/outbox-worker.js';
import { startJobs } from './jobs/scheduler.js';
import { createServices } from './services.js';

/**
 * The bot process: config -> logger -> database (migrated) -> services -> bot + outbox worker + jobs, long
 * polling until SIGINT/SIGTERM, then a graceful stop: no new updates, in-flight handlers finish, jobs stop,
 * the pool closes.
 */

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
}

const NO_TOKEN =
  'BOT_TOKEN is not set. The database is ready (migrations applied) and shopctl works, but the bot cannot ' +
  'start without a token: create a bot with @BotFather, put BOT_TOKEN=<token> in .env or the environment, ' +
  'and run npm start again.';

/** Runs the bot until it is told to stop; resolves with the process exit code. */
export async function main(options: MainOptions = {}): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(options.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'bot' } });

  let url = config.databaseUrl;
  if (!url) {
    try {
      url = (await ensureEmbeddedMariaDb({ baseDir: join(config.dataDir, 'mariadb') })).url;
    } catch (error) {
      if (!(error instanceof EmbeddedDatabaseError)) throw error;
      console.error(error.message);
      return 1;
    }
  }
  const db = createDatabase(url);
  try {
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
    if (!config.botToken) {
      console.error(NO_TOKEN);
      return 1;
    }
    return await runBot(config, db, logger);
  } finally {
    await db.destroy();
  }
}

async function runBot(config: Config, db: Db, logger: Logger): Promise<number> {
  const services = createServices(db, config);
  const bot = createBot(config, { db, services, logger });
  try {
    await bot.init();
  } catch (error) {
    const rejected = error instanceof GrammyError && error.error_code === 401;
    console.error(
      rejected
        ? 'Telegram rejected BOT_TOKEN (401 Unauthorized). Copy the token from @BotFather again.'
        : `Could not reach the Telegram Bot API at ${config.telegramApiRoot}: ${(error as Error).message}`,
    );
    return 1;
  }

  await publishCommands(bot.api, config.locale).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not publish the command list'),
  );
  const outbox = createOutboxWorker({ api: createOutboxApi(config), services, config, logger });
  outbox.start();
  const jobs = startJobs({
    services,
    logger,
    btcAddressesFile: config.btcAddressesFile,
    esploraUrl: config.esploraUrl,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new updates, finishing the ones in hand');
    bot.stop().catch((error: unknown) => logger.warn({ err: error }, 'could not confirm the last update'));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  let exitCode = 0;
  try {
    if (!stopping) {
      await bot.start({
        allowed_updates: ['message', 'callback_query'],
        onStart: (me) => logger.info({ username: me.username }, 'bot is polling for updates'),
      });
    }
  } catch (error) {
    logger.fatal({ err: error }, 'polling stopped with an error');
    console.error(`The bot stopped: ${(error as Error).message}`);
    exitCode = 1;
  } finally {
    process.off('SIGINT', shutdown);
    process.off('SIGTERM', shutdown);
    await outbox.stop();
    await jobs.stop();
    logger.info('stopped');
  }
  return exitCode;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
