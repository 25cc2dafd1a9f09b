import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/index.js';
import { newCustomer, newProduct, orderOf, useTestShop } from '../support/shop.js';
import { type CliShop, createCliShop, ScriptedPrompter } from './support/cli.js';

let shop: CliShop;
useTestShop((created) => {
  shop = created.shop;
}, createCliShop);

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('arguments', () => {
  it('leaves every argument optional, so a terminal asks for a missing one instead of failing', () => {
    const program = createProgram({
      io: { stdout: { write: () => true }, stderr: { write: () => true }, interactive: false },
      shop: {
        config: () => shop.config,
        open: () => Promise.reject(new Error('unused')),
        close: async () => undefined,
      },
      prompter: new ScriptedPrompter([]),
    });
    // `completion` prints a script meant for a redirect (`>> ~/.bashrc`), where a question would land in the file.
    const required = allCommands(program)
      .filter((c) => c.name() !== 'completion')
      .flatMap((c) =>
        c.registeredArguments.filter((a) => a.required).map((a) => `${c.name()} <${a.name()}>`),
      );
    expect(required).toEqual([]);
  });

  it('asks for the order to revive on a terminal, from the cancelled and expired ones', async () => {
    const product = await newProduct(shop);
    const order = await orderOf(shop, await newCustomer(shop), product.id);
    await shop.services.orders.cancel(order.code);
    const run = await shop.run(['order', 'revive', '--yes'], { answers: [order.code] });
    expect(run.prompter.asked[0]).toMatchObject({ kind: 'select', message: 'Order to revive:' });
    expect(run.prompter.asked[0]?.choices?.some((c) => c.startsWith(order.code))).toBe(true);
    // Not a Bitcoin order paid late: the shop refuses it, in one sentence.
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the values a list option takes, in one sentence', async () => {
    const run = await shop.run(['order', 'list', '--status', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('--status must be one of reserved, confirmed, delivered, cancelled, expired.\n');
  });
});
