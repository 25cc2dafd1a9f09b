import type { OrderStatus } from '../db/schema.js';

/**
 * The order lifecycle, in one place:
 *   reserved -> confirmed -> delivered
 *   reserved | confirmed -> cancelled
 *   reserved -> expired
 * Items and the delivery time can change while an order is open (reserved or confirmed).
 */
export const TRANSITIONS = {
  confirm: { from: ['reserved'], to: 'confirmed', verb: 'confirmed' },
  deliver: { from: ['confirmed'], to: 'delivered', verb: 'delivered' },
  cancel: { from: ['reserved', 'confirmed'], to: 'cancelled', verb: 'cancelled' },
  expire: { from: ['reserved'], to: 'expired', verb: 'expired' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus; verb: string }>;

export type Transition = keyof typeof TRANSITIONS;

export const OPEN_STATUSES = ['reserved', 'confirmed'] as const satisfies readonly OrderStatus[];
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'reserved',
  'confirmed',
  'delivered',
  'cancelled',
  'expired',
];

export function canTransition(status: OrderStatus, transition: Transition): boolean {
  return (TRANSITIONS[transition].from as readonly OrderStatus[]).includes(status);
}

export function isOpen(status: OrderStatus): boolean {
  return (OPEN_STATUSES as readonly OrderStatus[]).includes(status);
}
