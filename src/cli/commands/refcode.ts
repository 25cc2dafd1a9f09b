import type { Command } from 'commander';
import { z } from 'zod';
import { RefusedError } from '../errors.js';
import { emit, JSON_FLAG, localTime, printLine, printTable, YES_FLAG } from '../output.js';
import { addPagingOptions, pageOf, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions, wholeNumber } from '../parse.js';
import { refcodeJson } from '../presenters.js';
import { confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const createOptions = z.object({
  expiresHours: wholeNumber(0).default(0),
  maxUses: wholeNumber(0).default(0),
  note: z.string().optional(),
  json: z.boolean().optional(),
});

const listOptions = z.object({
  activeOnly: z.boolean().optional(),
  ...pagingSchema,
  json: z.boolean().optional(),
});

export function registerRefcodeCommands(program: Command, rt: Runtime): void {
  const refcode = program.command('refcode').description('reference codes new customers join with');

  refcode
    .command('create')
    .description('create a reference code')
    .option('--expires-hours <h>', 'hours until it expires (0 = never, the default)')
    .option('--max-uses <n>', 'how many people may join with it (0 = unlimited, the default)')
    .option('--note <text>', 'who it is for, for your records')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(createOptions, raw);
      const { services } = await rt.shop.open();
      const created = await services.refcodes.create({
        expiresHours: opts.expiresHours,
        maxUses: opts.maxUses,
        note: opts.note ?? null,
      });
      const link = await services.botIdentity.startLink(created.code);
      emit(rt.io, opts.json, { ...refcodeJson(created), link: link ?? null }, () =>
        printLine(rt.io, link ? `${created.code}\n${link}` : created.code),
      );
    });

  refcode
    .command('disable')
    .description('disable a code for good')
    .argument('[code]', 'the code (any case)')
    .option('--reason <text>', 'why, for your records')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { reason?: string; yes?: boolean; json?: boolean }) => {
      const code = await orAsk(rt, given, 'the reference code', async () => {
        const { services } = await rt.shop.open();
        const active = await services.refcodes.list({ activeOnly: true });
        if (active.length === 0) throw new RefusedError('There are no active reference codes.');
        return rt.prompter.select({
          message: 'Code to disable:',
          choices: active.map((c) => ({
            name: `${c.code}  ${c.uses_count}/${c.max_uses || '∞'} uses${c.note ? `  ${c.note}` : ''}`,
            value: c.code,
          })),
        });
      });
      const { services } = await rt.shop.open();
      await confirmAction(rt, opts.yes, `disable reference code ${code.trim().toUpperCase()}`);
      const disabled = await services.refcodes.disable(code, opts.reason);
      emit(rt.io, opts.json, refcodeJson(disabled), () =>
        printLine(rt.io, `Reference code ${disabled.code} is disabled.`),
      );
    });

  addPagingOptions(refcode.command('list').description('reference codes, newest first'))
    .option('--active-only', 'only codes that can still be used')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(listOptions, raw);
      const { services } = await rt.shop.open();
      const page = pageOf(await services.refcodes.list({ activeOnly: opts.activeOnly }), opts);
      const codes = page.items;
      const timeZone = await services.settings.get('timezone');
      emit(rt.io, opts.json, codes.map(refcodeJson), () => {
        printTable(
          rt.io,
          ['Code', 'State', 'Uses', 'Expires', 'Created by', 'Note', `Created (${timeZone})`],
          codes.map((c) => [
            c.code,
            c.state,
            `${c.uses_count}/${c.max_uses || '∞'}`,
            c.expires_at ? localTime(c.expires_at, timeZone) : 'never',
            c.creator_id ?? 'owner',
            c.note,
            localTime(c.created_at, timeZone),
          ]),
          opts.activeOnly ? 'No active reference codes.' : 'No reference codes yet.',
        );
        printPageFooter(rt.io, page);
      });
    });
}
