import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { SettingsService } from './settings/settings.service.js';
import type { Clock } from './shared/clock.js';

/** What every service is built from; services import this, and src/services.ts assembles them. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  currency: string;
  btcNetwork: Config['btcNetwork'];
  /** BTC_XPUB: addresses are derived from it when set, else taken from the pool. */
  btcXpub: string | undefined;
  ownerId: number | undefined;
  /** OWNER_ID and ADMIN_IDS from the environment: always told about new orders. */
  staffIds: readonly number[];
  settings: SettingsService;
  /** For what goes wrong after a change has committed (a follow-up alert): logged, never the caller's error. */
  logger: Logger;
}
