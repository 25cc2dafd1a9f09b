/**
 * Domain errors: the shop refusing something for a reason a person can act on. Edges map them: the bot to a
 * localized reply (by `code` and `details`), the CLI to one stderr sentence and exit code 1.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, key: string | number) {
    super('not_found', `No ${entity} "${key}" was found.`, { entity, key });
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details: Record<string, string | number | null> = {}) {
    super('invalid', message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, string | number | null> = {}) {
    super('conflict', message, details);
  }
}

export class OutOfStockError extends DomainError {
  constructor(product: string, available: number, requested: number) {
    super(
      'out_of_stock',
      available > 0
        ? `Only ${available} of "${product}" available, ${requested} requested.`
        : `"${product}" is out of stock.`,
      { product, available, requested },
    );
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(orderCode: string, status: string, action: string) {
    super('invalid_transition', `Order ${orderCode} is ${status} and cannot be ${action}.`, {
      order: orderCode,
      status,
      action,
    });
  }
}

export class EmptyCartError extends DomainError {
  constructor() {
    super('empty_cart', 'The cart is empty.');
  }
}

export class BannedError extends DomainError {
  constructor(userId: number) {
    super('banned', `User ${userId} is banned.`, { user: userId });
  }
}

export class BtcPoolEmptyError extends DomainError {
  constructor() {
    super(
      'btc_pool_empty',
      'No Bitcoin address is available; add addresses to the pool or pay cash on delivery.',
    );
  }
}

export class StaleBtcRateError extends DomainError {
  constructor(maxAgeHours: number) {
    super(
      'btc_rate_stale',
      `The Bitcoin rate is older than ${maxAgeHours} hours; set btc_rate again before selling for Bitcoin.`,
      { hours: maxAgeHours },
    );
  }
}

export type RefCodeProblem = 'not_found' | 'expired' | 'disabled' | 'used_up' | 'own_code' | 'already_joined';

const refCodeMessages: Record<RefCodeProblem, string> = {
  not_found: 'This reference code does not exist.',
  expired: 'This reference code has expired.',
  disabled: 'This reference code has been disabled.',
  used_up: 'This reference code has been used the maximum number of times.',
  own_code: 'You cannot use your own reference code.',
  already_joined: 'You have already joined the shop.',
};

export class RefCodeError extends DomainError {
  constructor(readonly reason: RefCodeProblem) {
    super(`refcode_${reason}`, refCodeMessages[reason], { reason });
  }
}

export type CustomerLimit =
  | 'open_orders'
  | 'orders_per_hour'
  | 'btc_addresses'
  | 'quantity'
  | 'help_messages';

const limitMessages: Record<CustomerLimit, (max: number) => string> = {
  open_orders: (max) => `At most ${max} open orders per customer; wait until one is delivered or cancelled.`,
  orders_per_hour: (max) => `At most ${max} orders per customer per hour.`,
  btc_addresses: (max) =>
    `At most ${max} Bitcoin orders per customer per day; cash on delivery is still open.`,
  quantity: (max) => `At most ${max} of one product per order.`,
  help_messages: (max) => `At most ${max} Help messages per customer per hour.`,
};

/** A customer reached one of the shop's limits; `minutes` is how long until they may try again, when known. */
export class CustomerLimitError extends DomainError {
  constructor(
    readonly limit: CustomerLimit,
    max: number,
    minutes: number | null = null,
  ) {
    const retry = minutes === null ? '' : ` Try again in ${minutes} min.`;
    super(`limit_${limit}`, `${limitMessages[limit](max)}${retry}`, {
      max,
      minutes: minutes ?? '',
      hours: minutes === null ? '' : Math.ceil(minutes / 60),
    });
  }
}
