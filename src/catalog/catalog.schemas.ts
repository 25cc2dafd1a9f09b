import { z } from 'zod';
import type { Product } from '../db/schema.js';

export const categoryName = z
  .string()
  .trim()
  .min(1, 'A category name is required.')
  .max(100, 'A category name is at most 100 characters.');
export const productName = z
  .string()
  .trim()
  .min(1, 'A product name is required.')
  .max(200, 'A product name is at most 200 characters.');
export const description = z.string().trim().max(4000, 'A description is at most 4000 characters.');
export const price = z
  .number()
  .int('A price is a whole number of minor units.')
  .min(0, 'A price cannot be negative.')
  .max(Number.MAX_SAFE_INTEGER);
export const quantity = z
  .number()
  .int('A quantity is a whole number.')
  .min(0, 'A quantity cannot be negative.')
  .max(1_000_000_000);

export const newProductInput = z.object({
  category: z.union([z.string(), z.number()]),
  name: productName,
  price,
  stock: quantity.default(0),
  description: description.default(''),
  photoFileId: z.string().max(255).nullish(),
});
export type NewProductInput = z.input<typeof newProductInput>;

export const productChanges = z.object({
  name: productName.optional(),
  price: price.optional(),
  description: description.optional(),
  category: z.union([z.string(), z.number()]).optional(),
  active: z.boolean().optional(),
  photoFileId: z.string().max(255).nullable().optional(),
});
export type ProductChanges = z.input<typeof productChanges>;

/** Validates with a schema and turns the first problem into a ValidationError-ready sentence. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The input is invalid.';
}

/** A product as people see it: with its category's name and what can still be ordered. */
export interface ProductView extends Product {
  category: string;
  available: number;
}
