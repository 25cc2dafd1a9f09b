import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context, SessionFlavor } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { PaymentMethod, User } from '../db/schema.js';
import type { Locale } from '../messages/i18n.js';
import type { BonusChoice } from '../orders/orders.schemas.js';
import type { Services } from '../services.js';

/** The checkout form, one step at a time; it lives in the MariaDB session so it survives a restart. */
export type CheckoutStep =
  | 'saved'
  | 'address'
  | 'phone'
  | 'note'
  | 'bonus'
  | 'bonus_amount'
  | 'payment'
  | 'confirm';

/** Reports a handled update: its kind, how long its handlers took, and whether they failed. */
export type UpdateObserver = (kind: string, seconds: number, ok: boolean) => void;

export interface CheckoutForm {
  step: CheckoutStep;
  address?: string;
  phone?: string;
  note?: string | null;
  bonus?: BonusChoice;
  payment?: PaymentMethod;
  /** The cart as the summary showed it (see cartSignature). */
  cartSignature?: string;
  /** Names this checkout's order once placed; set when the summary is first shown, carried by Confirm. */
  token?: string;
}

export interface SessionData {
  checkout?: CheckoutForm;
  /** The next text message is for the owner (Help). */
  awaitingHelp?: boolean;
  /** Search: `awaiting` while the next text message is the query; the last query, for paging its results. */
  search?: { awaiting: boolean; query?: string };
}

export interface BotDeps {
  db: Db;
  services: Services;
  logger: Logger;
  /** Told about every handled update (the metrics). */
  observeUpdate?: UpdateObserver;
}

interface ShopFlavor {
  config: Config;
  services: Services;
  /** The logger for this update (carries update_id, user_id and, once known, order_code). */
  logger: Logger;
  locale: Locale;
  /** The registered customer; set by the user gate before any feature runs. */
  user: User;
}

export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor & ShopFlavor;
