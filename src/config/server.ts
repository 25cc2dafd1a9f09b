import { z } from 'zod';

/** The environment of the process's HTTP side (webhook, /health, /metrics); part of the one config schema. */

const port = z.coerce.number().int().min(0).max(65535);

export const serverSchema = z.object({
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z
    .string()
    .url()
    .refine((url) => url.startsWith('https://') || url.startsWith('http://'), 'must be an http(s) URL')
    .optional(),
  // Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in secret_token.
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
  WEBHOOK_PORT: port.default(8080),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.default(9464),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type ServerConfig = Readonly<{
  botMode: 'polling' | 'webhook';
  /** Where Telegram sends updates in webhook mode; its path is the path the process serves. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  webhookHost: string;
  webhookPort: number;
  metricsHost: string;
  /** 0: no /health or /metrics. */
  metricsPort: number;
  metricsToken: string | undefined;
}>;

export function serverConfig(env: z.infer<typeof serverSchema>): ServerConfig {
  return {
    botMode: env.BOT_MODE,
    webhookUrl: env.WEBHOOK_URL,
    webhookSecret: env.WEBHOOK_SECRET,
    webhookHost: env.WEBHOOK_HOST,
    webhookPort: env.WEBHOOK_PORT,
    metricsHost: env.METRICS_HOST,
    metricsPort: env.METRICS_PORT,
    metricsToken: env.METRICS_TOKEN,
  };
}

/** What webhook mode is missing, as the end of a sentence; undefined when nothing is. */
export function webhookConfigProblem(env: z.infer<typeof serverSchema>): string | undefined {
  if (env.BOT_MODE !== 'webhook') return undefined;
  if (!env.WEBHOOK_URL) return 'WEBHOOK_URL must be set when BOT_MODE is webhook';
  if (!env.WEBHOOK_SECRET) return 'WEBHOOK_SECRET must be set when BOT_MODE is webhook';
  return undefined;
}
