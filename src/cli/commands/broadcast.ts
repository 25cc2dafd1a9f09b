import type { Command } from 'commander';
import { z } from 'zod';
import type { Audience, BroadcastReport } from '../../broadcasts/broadcasts.service.js';
import { waitForDelivery } from '../broadcast-delivery.js';
import { UsageError } from '../errors.js';
import { emit, JSON_FLAG, printDetails, printLine, YES_FLAG } from '../output.js';
import { parseInstant, parseOptions, parseValue, wholeNumber } from '../parse.js';
import { readPhotoFile } from '../photo-file.js';
import { askText, confirmAction, orAsk } from '../prompts.js';
import type { Runtime, Shop } from '../runtime.js';

const sendOptions = z.object({
  html: z.boolean().optional(),
  activeSince: z.string().optional(),
  bought: z.string().optional(),
  photo: z.string().optional(),
  wait: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  yes: z.boolean().optional(),
  json: z.boolean().optional(),
});

const resumeOptions = z.object({ wait: z.boolean().optional(), json: z.boolean().optional() });

async function audienceOf(shop: Shop, opts: z.output<typeof sendOptions>): Promise<Audience> {
  if (opts.activeSince && opts.bought) throw new UsageError('Give --active-since or --bought, not both');
  if (opts.bought)
    return { audience: 'buyers', productId: (await shop.services.catalog.getProduct(opts.bought)).id };
  if (opts.activeSince) {
    const timeZone = await shop.services.settings.get('timezone');
    return {
      audience: 'active',
      activeSince: parseInstant(opts.activeSince, '--active-since', timeZone, new Date()),
    };
  }
  return { audience: 'all' };
}

/** Queues every batch, drawing progress on a terminal (stderr, so piped output stays clean). */
async function queueAll(rt: Runtime, shop: Shop, id: number): Promise<BroadcastReport> {
  const total = (await shop.services.broadcasts.report(id)).recipients;
  let queued = total;
  const terminal = rt.io.columns !== undefined;
  for (let added = -1; added !== 0; ) {
    added = await shop.services.broadcasts.queueNext(id);
    queued += added;
    if (terminal) rt.io.stderr.write(`\rbroadcast ${id}: ${queued} queued`);
  }
  if (terminal) rt.io.stderr.write('\n');
  return shop.services.broadcasts.report(id);
}

const WAIT_FLAG = ['--wait', 'follow the delivery to the final report (the default on a terminal)'] as const;
const NO_WAIT_FLAG = ['--no-wait', 'return once every message is queued; the bot sends them'] as const;

/** Follows a queued broadcast's delivery to the final report when asked (by default on a terminal). */
function followIfAsked(
  rt: Runtime,
  shop: Shop,
  queued: BroadcastReport,
  wait: boolean | undefined,
): Promise<BroadcastReport> {
  const follow = wait ?? rt.io.columns !== undefined;
  return follow ? waitForDelivery(rt, shop, queued.id) : Promise.resolve(queued);
}

function statusText(report: BroadcastReport): string {
  if (report.status !== 'queued') return 'queueing stopped; run broadcast resume';
  return report.pending === 0 ? 'finished' : 'all queued, being sent';
}

function printReport(rt: Runtime, json: boolean | undefined, report: BroadcastReport): void {
  emit(rt.io, json, report, () =>
    printDetails(rt.io, [
      ['Broadcast', report.id],
      ['Status', statusText(report)],
      ['Recipients', report.recipients],
      ['Delivered', report.delivered],
      ['Blocked the bot', report.blocked],
      ['Failed', report.failed],
      ['Waiting in the outbox', report.pending],
    ]),
  );
}

const idArg = (raw: string) => parseValue(wholeNumber(1), raw, 'broadcast number');

export function registerBroadcastCommands(program: Command, rt: Runtime): void {
  const broadcast = program
    .command('broadcast')
    .description('one message to many customers, sent by the bot through its outbox');

  broadcast
    .command('send')
    .description('send a message to all customers, those active since a time, or buyers of a product')
    .argument('[text]', 'the message (plain text unless --html)')
    .option('--html', 'the text is Telegram HTML (<b>, <i>, <a href>) and is sent as written')
    .option('--active-since <when>', 'only customers who used the bot or ordered since: 30d, 2026-11-01')
    .option('--bought <product>', 'only customers with an order of this product (id or exact name)')
    .option('--photo <file>', 'a photo sent with the text (JPEG, PNG or WebP up to 10 MB), uploaded once')
    .option(...WAIT_FLAG)
    .option(...NO_WAIT_FLAG)
    .option('--dry-run', 'only count the recipients')
    .option(...YES_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const opts = parseOptions(sendOptions, raw);
      const text = opts.dryRun
        ? (given ?? '')
        : await orAsk(rt, given, 'the message text', () => askText(rt, 'Message:'));
      const photo = opts.photo && !opts.dryRun ? await readPhotoFile(opts.photo) : undefined;
      const shop = await rt.shop.open();
      const audience = await audienceOf(shop, opts);
      const count = await shop.services.broadcasts.count(audience);
      if (opts.dryRun) {
        emit(rt.io, opts.json, { recipients: count }, () =>
          printLine(rt.io, `${count} customers would get it.`),
        );
        return;
      }
      await confirmAction(rt, opts.yes, `send this message to ${count} customers`);
      const id = await shop.services.broadcasts.create(text, Boolean(opts.html), audience, photo);
      printReport(rt, opts.json, await followIfAsked(rt, shop, await queueAll(rt, shop, id), opts.wait));
    });

  broadcast
    .command('resume')
    .description('finish queueing broadcasts a crash interrupted (all of them, or one)')
    .argument('[id]', 'the broadcast number')
    .option(...WAIT_FLAG)
    .option(...NO_WAIT_FLAG)
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const { json, wait } = parseOptions(resumeOptions, raw);
      const shop = await rt.shop.open();
      const ids = given ? [idArg(given)] : await shop.services.broadcasts.unfinished();
      const queued: BroadcastReport[] = [];
      for (const id of ids) queued.push(await queueAll(rt, shop, id));
      // Everything is queued before following, so the bot sends all of them while we wait for the first.
      const reports: BroadcastReport[] = [];
      for (const report of queued) reports.push(await followIfAsked(rt, shop, report, wait));
      if (json) return emit(rt.io, true, reports, () => undefined);
      if (reports.length === 0) printLine(rt.io, 'No broadcast was left half queued.');
      for (const report of reports) printReport(rt, false, report);
    });

  broadcast
    .command('status')
    .description('how a broadcast fared: delivered, blocked the bot, failed, still waiting')
    .argument('[id]', 'the broadcast number')
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, raw: unknown) => {
      const { json } = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const id = idArg(
        await orAsk(rt, given, 'the broadcast number', () => askText(rt, 'Broadcast number:')),
      );
      const shop = await rt.shop.open();
      printReport(rt, json, await shop.services.broadcasts.report(id));
    });
}
