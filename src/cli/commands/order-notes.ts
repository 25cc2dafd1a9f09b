import type { Command } from 'commander';
import { z } from 'zod';
import { ORDER_NOTE_MAX } from '../../orders/order-notes.schemas.js';
import { ORDER_STATUSES } from '../../orders/order-state.js';
import { emit, iso, JSON_FLAG, localTime, printLine, printTable } from '../output.js';
import { parseOptions } from '../parse.js';
import { pickOrder } from '../pickers.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

type Note = { text: string; created_at: Date };

export const noteJson = (n: Note) => ({ text: n.text, created_at: iso(n.created_at) });

/** The staff notes under `order show`. */
export function printOrderNotes(rt: Runtime, notes: Note[], timeZone: string): void {
  if (notes.length === 0) return;
  printTable(
    rt.io,
    [`Staff note (${timeZone})`, 'Text'],
    notes.map((n) => [localTime(n.created_at, timeZone), n.text]),
  );
}

/** `order note CODE TEXT`: a note only the staff see. */
export function registerOrderNoteCommand(order: Command, rt: Runtime): void {
  order
    .command('note')
    .description('add a staff-only note to an order (shown in order show, never to the customer)')
    .argument('[code]', 'the order code (any case)')
    .argument('[text]', `the note, at most ${ORDER_NOTE_MAX} characters`)
    .option(...JSON_FLAG)
    .action(async (givenCode: string | undefined, givenText: string | undefined, raw: unknown) => {
      const { json } = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const code = await orAsk(rt, givenCode, 'the order code', () =>
        pickOrder(rt, ORDER_STATUSES, 'Order:'),
      );
      const text = await orAsk(rt, givenText, 'the note text', () => askText(rt, 'Note:'));
      const { services } = await rt.shop.open();
      const { added } = await services.orderNotes.add(code, text);
      const notes = await services.orderNotes.list(code);
      emit(rt.io, json, { code: code.trim().toUpperCase(), added, notes: notes.map(noteJson) }, () =>
        printLine(rt.io, added ? 'Note added.' : 'That note is already the newest one; nothing added.'),
      );
    });
}
