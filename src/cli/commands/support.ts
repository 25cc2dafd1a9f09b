import type { Command } from 'commander';
import { z } from 'zod';
import { SUPPORT_TEXT_MAX } from '../../support/support.schemas.js';
import { emit, iso, JSON_FLAG, localTime, printDetails, printLine, printTable } from '../output.js';
import { addPagingOptions, pageWindow, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions, parseTelegramId, parseValue, wholeNumber } from '../parse.js';
import { customerLabel } from '../presenters.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const listOptions = z.object({ open: z.boolean().optional(), ...pagingSchema, json: z.boolean().optional() });
const jsonOnly = z.object({ json: z.boolean().optional() });

interface ThreadHead {
  id: number;
  user_id: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
}

const customerOf = (t: ThreadHead) =>
  customerLabel({
    telegram_id: t.user_id,
    username: t.username,
    name: [t.first_name, t.last_name].filter(Boolean).join(' '),
  });

async function threadIdArg(rt: Runtime, given: string | undefined): Promise<number> {
  const text = await orAsk(rt, given, 'the thread number', () =>
    askText(rt, 'Support thread number:', (v) => /^\d+$/.test(v.trim()) || 'Enter a thread number.'),
  );
  return parseValue(wholeNumber(1), text, 'thread number');
}

async function messageArg(rt: Runtime, given: string | undefined): Promise<string> {
  return orAsk(rt, given, 'the message text', () =>
    askText(
      rt,
      'Message:',
      (v) => v.trim().length <= SUPPORT_TEXT_MAX || `At most ${SUPPORT_TEXT_MAX} characters.`,
    ),
  );
}

/** `user message ID TEXT`: the shop writing first; the message and the answer are kept in a support thread. */
export function defineUserMessage(user: Command, rt: Runtime): void {
  user
    .command('message')
    .description('send a customer a message through the bot; their answer reaches the support inbox')
    .argument('[telegram-id]', 'their Telegram user id')
    .argument('[text]', `the message, at most ${SUPPORT_TEXT_MAX} characters`)
    .option(...JSON_FLAG)
    .action(async (givenId: string | undefined, givenText: string | undefined, raw: unknown) => {
      const { json } = parseOptions(jsonOnly, raw);
      const id = parseTelegramId(
        await orAsk(rt, givenId, 'the Telegram id', () => askText(rt, 'Telegram id:')),
      );
      const text = await messageArg(rt, givenText);
      const { services } = await rt.shop.open();
      const thread = await services.support.message(id, text);
      emit(rt.io, json, { user_id: id, thread }, () =>
        printLine(rt.io, `Message to ${id} queued; their answer goes to support thread ${thread}.`),
      );
    });
}

export function registerSupportCommands(program: Command, rt: Runtime): void {
  const support = program.command('support').description("customers' Help messages and your replies");

  addPagingOptions(support.command('list').description('support threads, most recently active first'), 50)
    .option('--open', 'only threads still open')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const window = pageWindow(opts, 50);
      const { threads, total } = await services.support.list({ open: opts.open, ...window });
      const timeZone = await services.settings.get('timezone');
      const json = threads.map((t) => ({
        id: t.id,
        user_id: t.user_id,
        username: t.username,
        status: t.status,
        messages: t.messages,
        last_sender: t.last_sender,
        last_text: t.last_text,
        created_at: iso(t.created_at),
        last_message_at: iso(t.last_message_at),
        closed_at: iso(t.closed_at),
      }));
      emit(rt.io, opts.json, json, () => {
        printTable(
          rt.io,
          ['#', 'Customer', 'Status', 'Msgs', `Last (${timeZone})`, 'Last message'],
          threads.map((t) => [
            t.id,
            customerOf(t),
            t.status === 'open' && t.last_sender === 'customer' ? 'open, waiting' : t.status,
            t.messages,
            localTime(t.last_message_at, timeZone),
            `${t.last_sender === 'staff' ? 'you: ' : ''}${t.last_text ?? ''}`,
          ]),
          opts.open ? 'No open threads.' : 'No support threads yet.',
        );
        printPageFooter(rt.io, { offset: window.offset, shown: threads.length, total });
      });
    });

  support
    .command('show')
    .description('one thread with all its messages')
    .argument('[id]', 'the thread number')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const { json } = parseOptions(jsonOnly, raw);
      const id = await threadIdArg(rt, given);
      const { services } = await rt.shop.open();
      const thread = await services.support.show(id);
      const timeZone = await services.settings.get('timezone');
      const value = {
        id: thread.id,
        user_id: thread.user_id,
        username: thread.username,
        status: thread.status,
        created_at: iso(thread.created_at),
        closed_at: iso(thread.closed_at),
        messages: thread.messages.map((m) => ({
          sender: m.sender,
          text: m.text,
          created_at: iso(m.created_at),
        })),
      };
      emit(rt.io, json, value, () => {
        printDetails(rt.io, [
          ['Thread', thread.id],
          ['Customer', customerOf(thread)],
          ['Status', thread.status],
          ['Opened', `${localTime(thread.created_at, timeZone)} (${timeZone})`],
        ]);
        for (const m of thread.messages) {
          printLine(
            rt.io,
            `\n[${localTime(m.created_at, timeZone)}] ${m.sender === 'staff' ? 'You' : 'Customer'}:`,
          );
          printLine(rt.io, m.text);
        }
      });
    });

  support
    .command('reply')
    .description('answer a thread: the customer gets it in the bot')
    .argument('[id]', 'the thread number')
    .argument('[text]', `the answer, at most ${SUPPORT_TEXT_MAX} characters`)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, givenText: string | undefined, raw: unknown) => {
      const { json } = parseOptions(jsonOnly, raw);
      const id = await threadIdArg(rt, given);
      const text = await messageArg(rt, givenText);
      const { services } = await rt.shop.open();
      await services.support.reply(id, text);
      emit(rt.io, json, { id, replied: true }, () => printLine(rt.io, `Reply to thread ${id} queued.`));
    });

  support
    .command('close')
    .description('close a thread; the customer’s next message opens a new one')
    .argument('[id]', 'the thread number')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const { json } = parseOptions(jsonOnly, raw);
      const id = await threadIdArg(rt, given);
      const { services } = await rt.shop.open();
      const { changed } = await services.support.close(id);
      emit(rt.io, json, { id, status: 'closed', changed }, () =>
        printLine(rt.io, changed ? `Thread ${id} closed.` : `Thread ${id} was already closed.`),
      );
    });
}
