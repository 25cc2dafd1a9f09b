import type { Command } from 'commander';
import { z } from 'zod';
import type { ProductView } from '../../catalog/catalog.schemas.js';
import { parseMoney } from '../../shared/money.js';
import { UsageError } from '../errors.js';
import { emit, JSON_FLAG, money, printDetails, printLine, printTable, YES_FLAG } from '../output.js';
import { addPagingOptions, pageOf, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions, parsePrice, wholeNumber } from '../parse.js';
import { pickCategory, pickProduct } from '../pickers.js';
import { productJson } from '../presenters.js';
import { askOptional, askText, confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const addOptions = z.object({
  category: z.string().optional(),
  name: z.string().optional(),
  price: z.string().optional(),
  stock: wholeNumber(0).optional(),
  description: z.string().optional(),
  json: z.boolean().optional(),
});

const listOptions = z.object({
  category: z.string().optional(),
  ...pagingSchema,
  json: z.boolean().optional(),
});

const updateOptions = z.object({
  name: z.string().optional(),
  price: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
  active: z.boolean().optional(),
  inactive: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function productRows(products: ProductView[], currency: string) {
  return products.map((p) => [
    p.id,
    p.name,
    p.category,
    money(p.price, currency),
    p.stock_quantity,
    p.reserved_quantity,
    Number(p.available),
    p.active ? 'yes' : 'no',
  ]);
}
export const PRODUCT_HEAD = [
  'Id',
  'Product',
  'Category',
  'Price',
  'Stock',
  'Reserved',
  'Available',
  'Active',
];

export function registerProductCommands(program: Command, rt: Runtime): Command {
  const product = program.command('product').description('products in the catalog');
  const currency = () => rt.shop.config().currency;

  product
    .command('add')
    .description('add a product')
    .option('--category <category>', 'its category (name or id)')
    .option('--name <name>', 'the product name, unique in the shop')
    .option('--price <decimal>', 'the price, such as 12.50')
    .option('--stock <n>', 'units in stock to start with (default 0)')
    .option('--description <text>', 'text shown to customers')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(addOptions, raw);
      const category = await orAsk(rt, opts.category, '--category', () => pickCategory(rt, 'Category:'));
      const name = await orAsk(rt, opts.name, '--name', () => askText(rt, 'Product name:'));
      const priceText = await orAsk(rt, opts.price, '--price', () =>
        askText(rt, `Price (${currency()}):`, (v) =>
          parseMoney(v, currency()) === undefined ? 'Enter an amount such as 12.50.' : true,
        ),
      );
      const price = parsePrice(priceText, currency());
      // Stock and description have defaults, so they are asked for only on a terminal, with Enter keeping them.
      const stock = await askOptional(rt, opts.stock, async () => {
        const text = await rt.prompter.input({
          message: 'Units in stock:',
          default: '0',
          validate: (v) => /^\d{1,9}$/.test(v.trim()) || 'Enter a whole number.',
        });
        return Number(text);
      });
      const description = await askOptional(rt, opts.description, () =>
        rt.prompter.input({ message: 'Description (Enter for none):' }),
      );
      const { services } = await rt.shop.open();
      const added = await services.catalog.addProduct({
        category,
        name,
        price,
        stock: stock ?? 0,
        description: description?.trim() ?? '',
      });
      emit(rt.io, opts.json, productJson(added, currency()), () =>
        printLine(
          rt.io,
          `Product "${added.name}" added with id ${added.id} and ${added.stock_quantity} in stock.`,
        ),
      );
    });

  addPagingOptions(product.command('list').description('list products'))
    .option('--category <category>', 'only this category (name or id)')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const all: ProductView[] = [];
      for (let after: number | undefined, first = true; first || after !== undefined; first = false) {
        const page = await services.catalog.listProducts({ category: opts.category, after, limit: 200 });
        all.push(...page.items);
        after = page.next;
      }
      const page = pageOf(all, opts);
      emit(
        rt.io,
        opts.json,
        page.items.map((p) => productJson(p, currency())),
        () => {
          printTable(rt.io, PRODUCT_HEAD, productRows(page.items, currency()), 'No products.');
          printPageFooter(rt.io, page);
        },
      );
    });

  product
    .command('show')
    .description('show one product')
    .argument('[product]', 'the product id or exact name')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { json?: boolean }) => {
      const ref = await orAsk(rt, given, 'the product', () => pickProduct(rt, 'Product:'));
      const { services } = await rt.shop.open();
      const p = await services.catalog.getProduct(ref);
      emit(rt.io, opts.json, productJson(p, currency()), () =>
        printDetails(rt.io, [
          ['Id', p.id],
          ['Name', p.name],
          ['Category', p.category],
          ['Price', money(p.price, currency())],
          ['Stock', p.stock_quantity],
          ['Reserved', p.reserved_quantity],
          ['Available', Number(p.available)],
          ['Active', p.active ? 'yes' : 'no'],
          ['Photo', p.photo_file_id ? 'yes' : 'no'],
          ['Description', p.description || '—'],
        ]),
      );
    });

  product
    .command('update')
    .description('change a product; give only what changes')
    .argument('[product]', 'the product id or exact name')
    .option('--name <name>', 'a new name')
    .option('--price <decimal>', 'a new price, such as 12.50')
    .option('--description <text>', 'a new description')
    .option('--category <category>', 'move to this category')
    .option('--active', 'offer it to customers again')
    .option('--inactive', 'hide it from customers (and their carts)')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const opts = parseOptions(updateOptions, raw);
      if (opts.active && opts.inactive) throw new UsageError('Pass either --active or --inactive, not both');
      const { json, inactive, active, price, ...rest } = opts;
      const changes = {
        ...rest,
        ...(price !== undefined && { price: parsePrice(price, currency()) }),
        ...((active || inactive) && { active: Boolean(active) }),
      };
      if (Object.values(changes).every((v) => v === undefined)) {
        throw new UsageError(
          'Nothing to change; pass --name, --price, --description, --category, --active or --inactive',
        );
      }
      const ref = await orAsk(rt, given, 'the product', () => pickProduct(rt, 'Product to change:'));
      const { services } = await rt.shop.open();
      const updated = await services.catalog.updateProduct(ref, changes);
      emit(rt.io, json, productJson(updated, currency()), () =>
        printLine(rt.io, `Product ${updated.id} "${updated.name}" updated.`),
      );
    });

  product
    .command('remove')
    .description('remove a product; one in past orders is deactivated instead (refused with open orders)')
    .argument('[product]', 'the product id or exact name')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { yes?: boolean; json?: boolean }) => {
      const ref = await orAsk(rt, given, 'the product', () => pickProduct(rt, 'Product to remove:'));
      const { services } = await rt.shop.open();
      const found = await services.catalog.getProduct(ref);
      await confirmAction(rt, opts.yes, `remove product "${found.name}"`);
      const result = await services.catalog.removeProduct(found.id);
      emit(rt.io, opts.json, { id: found.id, name: found.name, result }, () =>
        printLine(
          rt.io,
          result === 'deleted'
            ? `Product "${found.name}" removed.`
            : `Product "${found.name}" appears in past orders, so it was deactivated instead of removed.`,
        ),
      );
    });
  return product;
}
