import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { emit, iso, JSON_FLAG, localTime, printLine, printTable } from '../output.js';
import { parseValue, wholeNumber } from '../parse.js';
import type { Runtime } from '../runtime.js';

/** The Telegram messages the bot owes: what is queued, what failed and why, and sending failed ones again. */
export function registerOutboxCommands(program: Command, rt: Runtime): void {
  const outbox = program
    .command('outbox')
    .description('Telegram messages the bot sends: list them, resend failed ones');

  outbox
    .command('list')
    .description('the newest messages with their state, attempts and last error')
    .option('--failed', 'only messages given up on')
    .option('--limit <n>', 'how many to show', '50')
    .option(...JSON_FLAG)
    .action(async (opts: { failed?: boolean; limit: string; json?: boolean }) => {
      const limit = parseValue(wholeNumber(1), opts.limit, '--limit');
      const { services } = await rt.shop.open();
      const rows = await services.notifications.list({ failed: opts.failed, limit });
      const timeZone = await services.settings.get('timezone');
      const json = rows.map((r) => ({
        ...r,
        next_attempt_at: iso(r.next_attempt_at),
        created_at: iso(r.created_at),
      }));
      emit(rt.io, opts.json, json, () =>
        printTable(
          rt.io,
          ['ID', 'Chat', 'Kind', 'Status', 'Attempts', 'Created', 'Last error'],
          rows.map((r) => [
            r.id,
            r.chat_id,
            r.kind,
            r.status,
            r.attempts,
            localTime(r.created_at, timeZone),
            r.last_error,
          ]),
          opts.failed ? 'No message has failed.' : 'The outbox is empty.',
        ),
      );
    });

  outbox
    .command('retry')
    .description('send failed messages again: one by ID, or all with --all-failed')
    .argument('[id]', 'the message ID from "shopctl outbox list --failed"')
    .option('--all-failed', 'every failed message')
    .option(...JSON_FLAG)
    .action(async (rawId: string | undefined, opts: { allFailed?: boolean; json?: boolean }) => {
      if ((rawId === undefined) === !opts.allFailed)
        throw new UsageError('Give either a message ID or --all-failed.');
      const target = rawId === undefined ? 'all-failed' : parseValue(wholeNumber(1), rawId, 'message ID');
      const { services } = await rt.shop.open();
      const requeued = await services.notifications.retry(target);
      emit(rt.io, opts.json, { requeued }, () =>
        printLine(rt.io, `${requeued} message(s) queued again; the bot sends them within seconds.`),
      );
    });
}
