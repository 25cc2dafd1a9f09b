import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bot, GrammyError } from 'grammy';
import type { Logger } from 'pino';
import { ALLOWED_UPDATES } from './bot/allowed-updates.js';
import { grammySignal } from './bot/api-policy.js';
import { watchApi } from './bot/api-watch.js';
import { publishCommands } from './bot/commands.js';
import type { BotContext } from './bot/context.js';
import { createBot } from './bot/index.js';
import { startPolling, type UpdateSource } from './bot/polling.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDatabase, type Db } from './db/connection.js';
import { EmbeddedDatabaseError, type EmbeddedServer, ensureEmbeddedMariaDb } from './db/embedded.js';
import { migrateToLatest } from './db/migrator.js';
import type { Listening } from './http/listen.js';
import { createMetrics } from './http/metrics.js';
import { startMonitoringServer } from './http/monitoring-server.js';
import { startWebhook } from './http/webhook.js';
import { createJobLog } from './jobs/job-log.js';
import { createOutboxApi, createOutboxWorker } from './jobs/outbox-worker.js';
import { startJobs } from './jobs/scheduler.js';
import { createTelegramStatus } from './monitoring/telegram-status.js';
import { createServices } from './services.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { createParkedUpdates } from './updates/parked-updates.js';
import { createUpdateClaims } from './updates/update-claims.js';

/**
 * The bot process: config -> logger -> database (migrated) -> services -> bot + outbox worker + jobs +
 * /health and /metrics, taking updates (long polling or webhook) until SIGINT/SIGTERM (or a failure it cannot serve through), then a graceful stop within
 * SHUTDOWN_TIMEOUT_SECONDS: no new updates, the ones in hand finish and are confirmed, the outbox batch and the
 * expiry pass finish, the pool closes last.
 */

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
}

const NO_TOKEN =
  'BOT_TOKEN is not set. The database is ready (migrations applied) and shopctl works, but the bot cannot ' +
  'start without a token: create a bot with @BotFather, put BOT_TOKEN=<token> in .env or the environment, ' +
  'and run npm start again.';

/** How long the bot waits for Telegram's getMe at startup: with the database, well within half a minute. */
const STARTUP_TELEGRAM_SECONDS = 20;

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
  const logger = createLogger({ level: config.logLevel, service: 'bot' }, process.stdout);

  let url = config.databaseUrl;
  let server: EmbeddedServer | undefined;
  if (!url) {
    try {
      server = await ensureEmbeddedMariaDb({
        baseDir: join(config.dataDir, 'mariadb'),
        tcpPort: config.databaseTcpPort,
      });
      url = server.url;
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
    return await runBot(config, db, logger, server);
  } finally {
    await db.destroy();
  }
}

async function runBot(config: Config, db: Db, logger: Logger, server?: EmbeddedServer): Promise<number> {
  const services = createServices(db, config, undefined, logger.child({ layer: 'services' }));
  const roles = await services.users.syncRoles();
  for (const id of roles.demoted)
    logger.warn({ user_id: id }, 'former owner is now a customer (OWNER_ID changed)');
  if (roles.promoted) logger.info({ user_id: config.ownerId }, 'OWNER_ID is now the owner');
  if (roles.unstored.length > 0)
    logger.info({ user_ids: roles.unstored }, 'stored admin role cleared: ADMIN_IDS alone makes them admins');
  const telegram = createTelegramStatus();
  const jobLog = createJobLog();
  const metrics = createMetrics({ db, jobs: jobLog, clock: systemClock });
  const bot = createBot(config, { db, services, logger, observeUpdate: metrics.observeUpdate });
  watchApi(bot.api, telegram, systemClock);
  try {
    // grammY's init retries network errors forever; the signal bounds it, so a bad network is reported at once.
    await bot.init(grammySignal(AbortSignal.timeout(STARTUP_TELEGRAM_SECONDS * 1000)));
  } catch (error) {
    const rejected = error instanceof GrammyError && error.error_code === 401;
    console.error(
      rejected
        ? 'Telegram rejected BOT_TOKEN (401 Unauthorized). Copy the token from @BotFather again.'
        : `Could not reach the Telegram Bot API at ${config.telegramApiRoot} within ${STARTUP_TELEGRAM_SECONDS} s ` +
            `(${(error as Error).message}); check the network and TELEGRAM_API_ROOT.`,
    );
    return 1;
  }

  await publishCommands(bot.api, config.locale).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not publish the command list'),
  );
  let monitoring: Listening | undefined;
  let updates: UpdateSource;
  try {
    if (config.metricsPort !== 0) {
      monitoring = await startMonitoringServer({
        host: config.metricsHost,
        port: config.metricsPort,
        token: config.metricsToken,
        metrics,
        health: { db, telegram, jobs: jobLog, clock: systemClock },
      });
    }
    updates = await startUpdates(bot, config, db, logger);
  } catch (error) {
    await monitoring?.close();
    console.error(`The bot could not start: ${(error as Error).message}`);
    return 1;
  }
  const outboxApi = createOutboxApi(config);
  watchApi(outboxApi, telegram, systemClock);
  const outbox = createOutboxWorker({ api: outboxApi, services, config, logger });
  outbox.start();
  const jobs = startJobs({
    services,
    logger,
    btcAddressesFile: config.btcAddressesFile,
    esploraUrl: config.esploraUrl,
    jobLog,
    db,
    retention: config,
  });
  logger.info({ username: bot.botInfo.username, mode: config.botMode }, 'bot is taking updates');

  const stop = await Promise.race([
    signalled(),
    updates.finished.then(
      () => new Promise<never>(() => undefined),
      (error: unknown) => ({ exitCode: 1, why: `${config.botMode} stopped: ${(error as Error).message}` }),
    ),
    ...(server ? [serverLost(server)] : []),
  ]);
  if (stop.exitCode !== 0) {
    logger.fatal(stop.why);
    console.error(`The bot stopped: ${stop.why}`);
  }
  logger.info({ reason: stop.why }, 'stopping: no new updates, finishing the ones in hand');
  // Whatever hangs (Telegram unreachable, a stuck query), the process ends by the deadline; transactions are
  // atomic, so nothing is left half-written, and unconfirmed updates come back to the next process.
  const deadlineMs = config.shutdownTimeoutSeconds * 1000;
  const deadline = setTimeout(() => {
    logger.error({ seconds: config.shutdownTimeoutSeconds }, 'shutdown deadline passed; exiting now');
    process.exit(stop.exitCode);
  }, deadlineMs);
  deadline.unref();
  await updates.stop(Math.max(deadlineMs - 2000, deadlineMs / 2));
  await Promise.all([outbox.stop(), jobs.stop(), monitoring?.close()]);
  logger.info('stopped');
  return stop.exitCode;
}

/** Long polling, or the webhook (set with Telegram on start) when BOT_MODE=webhook. */
async function startUpdates(
  bot: Bot<BotContext>,
  config: Config,
  db: Db,
  logger: Logger,
): Promise<UpdateSource> {
  if (config.botMode === 'polling')
    return startPolling(bot, {
      logger,
      allowedUpdates: ALLOWED_UPDATES,
      parked: createParkedUpdates(db, { logger }),
    });
  return startWebhook(bot, {
    url: config.webhookUrl ?? '',
    secret: config.webhookSecret ?? '',
    host: config.webhookHost,
    port: config.webhookPort,
    logger,
    allowedUpdates: ALLOWED_UPDATES,
    claims: createUpdateClaims(db),
  });
}

interface StopReason {
  exitCode: number;
  why: string;
}

function signalled(): Promise<StopReason> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve({ exitCode: 0, why: signal });
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * The private server runs apart from the bot; if it dies, the bot cannot serve anyone. Exit non-zero at once so
 * that the supervisor (systemd) restarts the service, which starts the server again.
 */
function serverLost(server: EmbeddedServer, intervalMs = 2000): Promise<StopReason> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(server.pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return;
        clearInterval(timer);
        resolve({ exitCode: 1, why: `the private database server (pid ${server.pid}) is gone` });
      }
    }, intervalMs);
    timer.unref();
  });
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
