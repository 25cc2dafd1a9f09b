import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseAccountKey, XpubError } from './btc/xpub.js';
import { type RetentionConfig, retentionConfig, retentionSchema } from './config/retention.js';
import { type ServerConfig, serverConfig, serverSchema, webhookConfigProblem } from './config/server.js';
import { projectRoot } from './shared/project.js';

const telegramId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const idList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value.split(',').map((s) => s.trim())) {
      if (part === '') continue;
      const parsed = telegramId.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not a Telegram user id` });
        return z.NEVER;
      }
      ids.push(parsed.data);
    }
    return ids;
  });

const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'is not a known ISO 4217 currency');

const databaseUrl = z
  .string()
  .url()
  .refine((url) => /^(mysql|mariadb):\/\//.test(url), 'must look like mysql://user:pass@host:port/db');

export const configSchema = z.object({
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_TCP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'must look like 123456:ABC-DEF... as issued by @BotFather')
    .optional(),
  OWNER_ID: telegramId.optional(),
  ADMIN_IDS: idList,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  BTC_ADDRESSES_FILE: z.string().min(1).default('./btc_addresses.txt'),
  BTC_NETWORK: z.enum(['mainnet', 'testnet']).default('mainnet'),
  BTC_XPUB: z.string().trim().optional(),
  BTC_ESPLORA_URL: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
    .optional(),
  SHOP_CURRENCY: currencyCode.default('USD'),
  BOT_LOCALE: z.enum(['en', 'ru']).default('en'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHOP_DATA_DIR: z.string().min(1).default('./.data'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  RATE_LIMIT_UPDATES: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_PAUSE_SECONDS: z.coerce.number().int().min(1).default(300),
  ...serverSchema.shape,
  ...retentionSchema.shape,
});

export type Config = Readonly<{
  databaseUrl: string | undefined;
  /** The private server also listens on 127.0.0.1 at this port; socket only when unset. */
  databaseTcpPort: number | undefined;
  botToken: string | undefined;
  ownerId: number | undefined;
  adminIds: readonly number[];
  telegramApiRoot: string;
  btcAddressesFile: string;
  btcNetwork: 'mainnet' | 'testnet';
  /** Account-level extended public key: Bitcoin orders get addresses derived from it instead of the file. */
  btcXpub: string | undefined;
  /** Esplora-compatible REST API for the payment watcher; unset, payments are confirmed by hand. */
  esploraUrl: string | undefined;
  currency: string;
  locale: 'en' | 'ru';
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  dataDir: string;
  shutdownTimeoutSeconds: number;
  /** Updates one customer may send per window before the bot ignores them for the pause; staff are exempt. */
  rateLimit: { updates: number; windowSeconds: number; pauseSeconds: number };
  /** The shop's folder: where `.env` is read and relative paths point. */
  home: string;
}> &
  ServerConfig &
  RetentionConfig;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses an environment-like record. Empty strings count as unset, as they do in most .env files. Relative paths
 * are taken from `home`, so the shop is the same whichever folder a command is run in.
 */
export function createConfig(input: Record<string, string | undefined>, home = process.cwd()): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, input[key] === '' ? undefined : input[key]]),
  );
  const result = configSchema.safeParse(known);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${describeIssue(issue)}.`);
  }
  const env = result.data;
  const webhookProblem = webhookConfigProblem(env);
  if (webhookProblem) throw new ConfigError(`Invalid configuration: ${webhookProblem}.`);
  if (env.BTC_XPUB) {
    try {
      parseAccountKey(env.BTC_XPUB, env.BTC_NETWORK);
    } catch (error) {
      if (!(error instanceof XpubError)) throw error;
      throw new ConfigError(`Invalid configuration: BTC_XPUB ${error.message}.`);
    }
  }
  return {
    databaseUrl: env.DATABASE_URL,
    databaseTcpPort: env.DATABASE_TCP_PORT,
    botToken: env.BOT_TOKEN,
    ownerId: env.OWNER_ID,
    adminIds: env.ADMIN_IDS,
    telegramApiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    btcAddressesFile: resolve(home, env.BTC_ADDRESSES_FILE),
    btcNetwork: env.BTC_NETWORK,
    btcXpub: env.BTC_XPUB,
    esploraUrl: env.BTC_ESPLORA_URL?.replace(/\/+$/, ''),
    currency: env.SHOP_CURRENCY,
    locale: env.BOT_LOCALE,
    logLevel: env.LOG_LEVEL,
    dataDir: resolve(home, env.SHOP_DATA_DIR),
    home,
    shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
    rateLimit: {
      updates: env.RATE_LIMIT_UPDATES,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      pauseSeconds: env.RATE_LIMIT_PAUSE_SECONDS,
    },
    ...serverConfig(env),
    ...retentionConfig(env),
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.join(', ')}`;
  }
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'number' ? 'a number' : 'set'}`;
  const message = issue.message.replace(/^Invalid input:?\s*/i, '');
  return message.startsWith('must') || message.startsWith('is') ? message : `is invalid: ${message}`;
}

/**
 * The shop's folder: SHOP_HOME when set (bin/shopctl sets it to the folder it was installed from), else the
 * project this code belongs to; never the current folder, which would quietly start a second, empty shop.
 */
function shopHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHOP_HOME ? resolve(env.SHOP_HOME) : projectRoot();
}

/** Reads the shop's `.env` (when present) into process.env, then parses it once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const home = shopHome(env);
  const file = join(home, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return createConfig(env, home);
}
