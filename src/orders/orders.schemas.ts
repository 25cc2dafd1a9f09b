import { z } from 'zod';
import type { Order, OrderItem } from '../db/schema.js';

/** "+1 (555) 010-9999", "0049 30 1234567" -> "+15550109999", "+49301234567" (E.164: up to 15 digits). */
export function normalisePhone(text: string): string | undefined {
  const compact = text.trim().replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{6,14}$/.test(international) ? international : undefined;
}

export const deliveryAddress = z
  .string()
  .trim()
  .min(5, 'The delivery address needs at least 5 characters.')
  .max(300, 'The delivery address can be at most 300 characters.');

export const phoneNumber = z.string().transform((text, ctx) => {
  const phone = normalisePhone(text);
  if (!phone) {
    ctx.addIssue({
      code: 'custom',
      message: 'The phone number must be international, starting with + and the country code.',
    });
    return z.NEVER;
  }
  return phone;
});

export const deliveryNote = z
  .string()
  .trim()
  .max(300, 'The note can be at most 300 characters.')
  .transform((note) => (note === '' ? null : note));

/** Bonus to spend on an order: all of the balance, none, or an amount in minor units. */
export const bonusChoice = z.union([z.literal('all'), z.literal('none'), z.number().int().min(0)]);
export type BonusChoice = z.infer<typeof bonusChoice>;

/** Random, URL-safe: it travels in the Confirm button's callback data. */
export const checkoutToken = z.string().regex(/^[A-Za-z0-9_-]{16,32}$/);

export const placeOrderInput = z.object({
  userId: z.number().int().positive(),
  paymentMethod: z.enum(['btc', 'cod']),
  address: deliveryAddress,
  phone: phoneNumber,
  note: deliveryNote.nullish().transform((note) => note ?? null),
  bonus: bonusChoice.default('none'),
  /** The checkout this order comes from: placing again with the same token returns the order placed first. */
  checkoutToken: checkoutToken.optional(),
});
export type PlaceOrderInput = z.input<typeof placeOrderInput>;

/** An order's line as shown and exported; the row id is of no interest outside the database. */
export type OrderLine = Omit<OrderItem, 'id'>;

export interface OrderDetails extends Order {
  items: OrderLine[];
  customer: { telegram_id: number; username: string | null; name: string };
}

/** What placing returns: the order, and whether it had already been placed from the same checkout. */
export type PlacedOrder = OrderDetails & { replayed: boolean };
