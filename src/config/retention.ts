import { z } from 'zod';

/** The retention job's environment (see retention.ts); part of the one config schema. */

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

export const retentionSchema = z.object({
  RETENTION_OUTBOX_DAYS: days(30),
  RETENTION_SESSION_DAYS: days(180),
  RETENTION_CART_DAYS: days(60),
});

export type RetentionConfig = Readonly<{
  /** Delivered outbox rows are kept this many days after sending. */
  retentionOutboxDays: number;
  /** A customer's session is dropped after this many days without a message from them. */
  retentionSessionDays: number;
  /** A cart line is dropped this many days after it was put in the cart. */
  retentionCartDays: number;
}>;

export function retentionConfig(env: z.infer<typeof retentionSchema>): RetentionConfig {
  return {
    retentionOutboxDays: env.RETENTION_OUTBOX_DAYS,
    retentionSessionDays: env.RETENTION_SESSION_DAYS,
    retentionCartDays: env.RETENTION_CART_DAYS,
  };
}
