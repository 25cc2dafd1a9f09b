import type { Command } from 'commander';
import { z } from 'zod';
import type { User } from '../../db/schema.js';
import { effectiveRole, staffSource } from '../../users/staff.js';
import { UsageError } from '../errors.js';
import {
  emit,
  JSON_FLAG,
  localTime,
  money,
  printDetails,
  printLine,
  printTable,
  YES_FLAG,
} from '../output.js';
import { addPagingOptions, pageOf, pagingSchema, printPageFooter } from '../paging.js';
import { parseOptions, parseTelegramId } from '../parse.js';
import { customerLabel, userJson, userSummaryJson } from '../presenters.js';
import { askText, confirmAction, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';
import { defineUserMessage } from './support.js';

const ROLES = ['admin', 'customer'] as const;
/** "customer" is what people call it; "user" is the stored name, still accepted. */
const roleArg = z.enum([...ROLES, 'user']).transform((r) => (r === 'admin' ? 'admin' : 'user'));

const userListOptions = z.object({
  banned: z.boolean().optional(),
  ...pagingSchema,
  json: z.boolean().optional(),
});

const label = (user: User) =>
  customerLabel({
    telegram_id: user.id,
    username: user.username,
    name: [user.first_name, user.last_name].filter(Boolean).join(' '),
  });

/** The Telegram id argument, asked for on a terminal when left out. */
async function telegramIdArg(rt: Runtime, given: string | undefined, message: string): Promise<number> {
  const text = await orAsk(rt, given, 'the Telegram id', () =>
    askText(rt, message, (v) => /^\d+$/.test(v.trim()) || 'Enter a numeric Telegram id.'),
  );
  return parseTelegramId(text);
}

/** `ban` and `unban` exist both as `user ban` and as top-level aliases. */
function defineBan(parent: Command, rt: Runtime): void {
  parent
    .command('ban')
    .description('ban a customer: the bot stops serving them')
    .argument('[telegram-id]', 'their Telegram user id')
    .option('--reason <text>', 'told to them when --notify is given')
    .option('--notify', 'tell them they were banned')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts) => {
      const { reason, notify, yes, json } = opts as {
        reason?: string;
        notify?: boolean;
        yes?: boolean;
        json?: boolean;
      };
      const id = await telegramIdArg(rt, given, 'Telegram id to ban:');
      const { services } = await rt.shop.open();
      const target = await services.users.get(id);
      await confirmAction(rt, yes, `ban ${label(target)}`);
      const banned = await services.users.ban(id, reason?.trim() || null, Boolean(notify));
      const cancelled = banned.cancelled_orders;
      emit(rt.io, json, { ...userJson(banned), cancelled_orders: cancelled }, () =>
        printLine(
          rt.io,
          `${label(banned)} is banned.${cancelled.length ? ` Reserved orders cancelled: ${cancelled.join(', ')}.` : ''}`,
        ),
      );
    });

  parent
    .command('unban')
    .description('lift a ban')
    .argument('[telegram-id]', 'their Telegram user id')
    .option('--notify', 'tell them the ban was lifted')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { notify?: boolean; json?: boolean }) => {
      const id = await telegramIdArg(rt, given, 'Telegram id to unban:');
      const { services } = await rt.shop.open();
      const unbanned = await services.users.unban(id, Boolean(opts.notify));
      emit(rt.io, opts.json, userJson(unbanned), () =>
        printLine(rt.io, `${label(unbanned)} is no longer banned.`),
      );
    });
}

export function registerUserCommands(program: Command, rt: Runtime): void {
  const user = program.command('user').description('people who joined the shop');

  addPagingOptions(user.command('list').description('users, newest first'))
    .option('--banned', 'only banned users')
    .option(...JSON_FLAG)
    .action(async (raw: unknown) => {
      const opts = parseOptions(userListOptions, raw);
      const { services, config } = await rt.shop.open();
      const page = pageOf(await services.users.list({ banned: opts.banned }), opts);
      const users = page.items;
      const timeZone = await services.settings.get('timezone');
      const json = users.map((u) => ({ ...userJson(u), staff_via: staffSource(config, u) ?? null }));
      emit(rt.io, opts.json, json, () => {
        printTable(
          rt.io,
          ['Telegram id', 'Username', 'Name', 'Role', 'Banned', `Joined (${timeZone})`],
          users.map((u) => [
            u.id,
            u.username ? `@${u.username}` : '',
            [u.first_name, u.last_name].filter(Boolean).join(' '),
            effectiveRole(config, u),
            u.banned_at ? `yes${u.ban_reason ? `: ${u.ban_reason}` : ''}` : '',
            localTime(u.created_at, timeZone),
          ]),
          opts.banned ? 'Nobody is banned.' : 'No users yet.',
        );
        printPageFooter(rt.io, page);
      });
    });

  user
    .command('show')
    .description('one user with their orders, spending and bonus balance')
    .argument('[telegram-id]', 'their Telegram user id')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { json?: boolean }) => {
      const id = await telegramIdArg(rt, given, 'Telegram id:');
      const { services, config } = await rt.shop.open();
      const u = await services.users.summary(id);
      const timeZone = await services.settings.get('timezone');
      const json = { ...userSummaryJson(u, config.currency), staff_via: staffSource(config, u) ?? null };
      emit(rt.io, opts.json, json, () =>
        printDetails(rt.io, [
          ['Telegram id', u.id],
          ['Username', u.username ? `@${u.username}` : '—'],
          ['Name', [u.first_name, u.last_name].filter(Boolean).join(' ') || '—'],
          ['Role', effectiveRole(config, u)],
          ['Joined', `${localTime(u.created_at, timeZone)} (${timeZone})`],
          ['Referred by', u.referrer_id ?? '—'],
          [
            'Banned',
            u.banned_at
              ? `since ${localTime(u.banned_at, timeZone)}${u.ban_reason ? `: ${u.ban_reason}` : ''}`
              : 'no',
          ],
          ['Orders', `${u.orders_count} (${u.completed_orders} delivered)`],
          ['Total spent', money(u.total_spent, config.currency)],
          ['Bonus balance', money(u.bonus_balance, config.currency)],
        ]),
      );
    });

  defineBan(user, rt);
  defineUserMessage(user, rt);

  user
    .command('role')
    .description('make someone an admin (told about orders) or a customer again; the owner follows OWNER_ID')
    .argument('[telegram-id]', 'their Telegram user id')
    .argument('[role]', ROLES.join(' | '))
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, givenRole: string | undefined, raw: unknown) => {
      const id = await telegramIdArg(rt, given, 'Telegram id:');
      const role = await orAsk(rt, givenRole, 'the role', () =>
        rt.prompter.select({
          message: 'Role:',
          choices: ROLES.map((r) => ({ name: r, value: r as string })),
        }),
      );
      const { json } = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const parsedRole = roleArg.safeParse(role);
      if (!parsedRole.success) throw new UsageError(`The role must be ${ROLES.join(' or ')}`);
      const { services } = await rt.shop.open();
      const changed = await services.users.setRole(id, parsedRole.data);
      emit(rt.io, json, userJson(changed), () =>
        printLine(rt.io, `${label(changed)} is now ${changed.role === 'user' ? 'a customer' : 'an admin'}.`),
      );
    });

  defineBan(program, rt);
}
