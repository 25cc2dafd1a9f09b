import type { Logger } from 'pino';
import { createBonusService } from './bonus/bonus.service.js';
import { createBroadcastService } from './broadcasts/broadcasts.service.js';
import { createBtcService } from './btc/btc.service.js';
import { createCartService } from './cart/cart.service.js';
import { createCatalogService } from './catalog/catalog.service.js';
import { createProductPhotoService } from './catalog/product-photo.service.js';
import { createProductSearchService } from './catalog/product-search.service.js';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import { createExportService } from './exports/exports.service.js';
import { createInventoryService } from './inventory/inventory.service.js';
import { createNotificationService } from './notifications/notifications.service.js';
import { createOrderNotesService } from './orders/order-notes.service.js';
import { createOrderSearchService } from './orders/order-search.service.js';
import { createOrderService } from './orders/orders.service.js';
import { createPaymentService } from './payments/payments.service.js';
import { createRefCodeService } from './refcodes/refcodes.service.js';
import type { ServiceDeps } from './service-deps.js';
import { createSettingsService } from './settings/settings.service.js';
import { type Clock, systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { createOrderPeriodsService } from './stats/order-periods.service.js';
import { createStatsService } from './stats/stats.service.js';
import { createSupportService } from './support/support.service.js';
import { createBotIdentityService } from './telegram/bot-identity.service.js';
import { configuredStaff } from './users/staff.js';
import { createUserService } from './users/users.service.js';

export function createServices(
  db: Db,
  config: Config,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ level: config.logLevel, service: 'services' }, process.stderr),
) {
  const deps: ServiceDeps = {
    db,
    clock,
    currency: config.currency,
    btcNetwork: config.btcNetwork,
    btcXpub: config.btcXpub,
    ownerId: config.ownerId,
    staffIds: configuredStaff(config),
    settings: createSettingsService(db, config.currency, clock),
    logger,
  };
  const photoUploads = {
    botToken: config.botToken,
    telegramApiRoot: config.telegramApiRoot,
    uploadChatId: deps.staffIds[0],
  };
  return {
    settings: deps.settings,
    users: createUserService(deps),
    refcodes: createRefCodeService(deps),
    catalog: createCatalogService(deps),
    productSearch: createProductSearchService(deps),
    cart: createCartService(deps),
    inventory: createInventoryService(deps),
    bonus: createBonusService(deps),
    btc: createBtcService(deps),
    orders: createOrderService(deps),
    orderSearch: createOrderSearchService(deps),
    orderNotes: createOrderNotesService(deps),
    orderPeriods: createOrderPeriodsService(deps),
    payments: createPaymentService(deps),
    stats: createStatsService(deps),
    exports: createExportService(deps),
    notifications: createNotificationService(deps),
    support: createSupportService(deps),
    broadcasts: createBroadcastService({ db, clock, photoUploads }),
    productPhotos: createProductPhotoService({ db, clock, ...photoUploads }),
    botIdentity: createBotIdentityService({
      db,
      clock,
      botToken: config.botToken,
      telegramApiRoot: config.telegramApiRoot,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
