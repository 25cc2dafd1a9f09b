import type { Command } from 'commander';
import { emit, iso, JSON_FLAG, printLine, printTable, YES_FLAG } from '../output.js';
import { pickCategory } from '../pickers.js';
import { askText, confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

function categoryJson(c: { id: number; name: string; created_at: Date; products?: number }) {
  return { id: c.id, name: c.name, products: c.products ?? 0, created_at: iso(c.created_at) };
}

export function registerCategoryCommands(program: Command, rt: Runtime): void {
  const category = program.command('category').description('product categories');

  category
    .command('add')
    .description('add a category')
    .argument('[name]', 'the new category')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { json?: boolean }) => {
      const name = await orAsk(rt, given, 'the category name', () => askText(rt, 'Category name:'));
      const { services } = await rt.shop.open();
      const created = await services.catalog.addCategory(name);
      emit(rt.io, opts.json, categoryJson(created), () =>
        printLine(rt.io, `Category "${created.name}" added.`),
      );
    });

  category
    .command('list')
    .description('list categories with their number of active products')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const { services } = await rt.shop.open();
      const categories = await services.catalog.listCategories();
      emit(rt.io, opts.json, categories.map(categoryJson), () =>
        printTable(
          rt.io,
          ['Id', 'Category', 'Active products'],
          categories.map((c) => [c.id, c.name, c.products]),
          'No categories yet.',
        ),
      );
    });

  category
    .command('rename')
    .description('rename a category')
    .argument('[name]', 'the category (name or id)')
    .argument('[new-name]', 'its new name')
    .option(...JSON_FLAG)
    .action(async (givenName: string | undefined, givenNew: string | undefined, opts: { json?: boolean }) => {
      const name = await orAsk(rt, givenName, 'the category', () => pickCategory(rt, 'Category to rename:'));
      const newName = await orAsk(rt, givenNew, 'the new name', () => askText(rt, `New name for "${name}":`));
      const { services } = await rt.shop.open();
      const renamed = await services.catalog.renameCategory(name, newName);
      emit(rt.io, opts.json, categoryJson(renamed), () =>
        printLine(rt.io, `Category "${name}" is now "${renamed.name}".`),
      );
    });

  category
    .command('remove')
    .description('remove an empty category (refused while it holds products)')
    .argument('[name]', 'the category (name or id)')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { yes?: boolean; json?: boolean }) => {
      const name = await orAsk(rt, given, 'the category', () => pickCategory(rt, 'Category to remove:'));
      const { services } = await rt.shop.open();
      const found = await services.catalog.findCategory(name);
      await confirmAction(rt, opts.yes, `remove category "${found.name}"`);
      await services.catalog.removeCategory(name);
      emit(rt.io, opts.json, { removed: found.name }, () =>
        printLine(rt.io, `Category "${found.name}" removed.`),
      );
    });
}
