import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import { getMe } from '../../telegram/get-me.js';
import { RefusedError } from '../errors.js';
import { emit, JSON_FLAG, printLine, printTable } from '../output.js';
import type { Runtime, Shop } from '../runtime.js';
import { explorerCheck } from './doctor-explorer.js';
import { type Check, runNpmAudit, securityChecks } from './doctor-security.js';

const reason = (error: unknown) =>
  error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);

function configChecks(config: Config): Check[] {
  const envFile = join(config.home, '.env');
  return [
    {
      check: 'shop',
      status: 'ok',
      detail: `${config.home} (${existsSync(envFile) ? `settings from ${envFile} and the environment` : 'no .env; settings from the environment'})`,
    },
    {
      check: 'configuration',
      status: 'ok',
      detail: `currency ${config.currency}, Bitcoin ${config.btcNetwork}, database ${
        config.databaseUrl ? 'from DATABASE_URL' : `embedded in ${config.dataDir}`
      }`,
    },
    config.botToken
      ? { check: 'bot token', status: 'ok', detail: 'BOT_TOKEN is set and well-formed' }
      : { check: 'bot token', status: 'fail', detail: 'BOT_TOKEN is not set; the bot cannot start' },
    config.ownerId
      ? { check: 'owner', status: 'ok', detail: `OWNER_ID is ${config.ownerId}` }
      : { check: 'owner', status: 'warn', detail: 'OWNER_ID is not set; nobody is told about new orders' },
  ];
}

async function databaseChecks(shop: Shop): Promise<Check[]> {
  const { migrationStatus } = await import('../../db/migrator.js');
  const migrations = await migrationStatus(shop.db);
  const checks: Check[] = [{ check: 'database', status: 'ok', detail: 'reachable' }];
  const pending = migrations.filter((m) => !m.executedAt).map((m) => m.name);
  if (pending.length > 0) {
    checks.push({
      check: 'migrations',
      status: 'fail',
      detail: `${pending.length} pending (${pending.join(', ')}); run "shopctl db migrate"`,
    });
    return checks;
  }
  checks.push({ check: 'migrations', status: 'ok', detail: `all ${migrations.length} applied` });
  const { available } = await shop.services.btc.counts();
  const threshold = await shop.services.settings.get('low_btc_pool_threshold');
  checks.push({
    check: 'BTC pool',
    status: available > threshold ? 'ok' : 'warn',
    detail:
      available === 0
        ? 'no free address: Bitcoin checkout is refused until addresses are added'
        : `${available} free address(es)${available > threshold ? '' : `, at or below the alert level of ${threshold}`}`,
  });
  return checks;
}

/** Asks Telegram who the bot is, so a wrong token or a blocked network shows before the bot is started. */
async function telegramCheck(config: Config): Promise<Check | undefined> {
  if (!config.botToken) return undefined;
  const me = await getMe(config.botToken, config.telegramApiRoot);
  return me.ok
    ? { check: 'telegram', status: 'ok', detail: `the token belongs to @${me.username}` }
    : { check: 'telegram', status: 'fail', detail: me.problem };
}

async function addressFileCheck(config: Config): Promise<Check> {
  try {
    await access(config.btcAddressesFile);
    return { check: 'address file', status: 'ok', detail: config.btcAddressesFile };
  } catch {
    return { check: 'address file', status: 'warn', detail: `${config.btcAddressesFile} does not exist` };
  }
}

export function registerDoctorCommand(program: Command, rt: Runtime): void {
  program
    .command('doctor')
    .description(
      'check configuration, database, migrations, BTC pool, bot token, block explorer and security; exit 1 on a problem',
    )
    .option('--no-audit', 'skip "npm audit" (it asks the npm registry)')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean; audit: boolean }) => {
      const checks: Check[] = [];
      let config: Config | undefined;
      try {
        config = rt.shop.config();
        checks.push(...configChecks(config));
      } catch (error) {
        checks.push({ check: 'configuration', status: 'fail', detail: reason(error) });
      }
      if (config) {
        checks.push(await addressFileCheck(config));
        const telegram = await telegramCheck(config);
        if (telegram) checks.push(telegram);
        checks.push(await explorerCheck(config));
        let shop: Shop | undefined;
        try {
          shop = await rt.shop.open({ migrate: false });
          checks.push(...(await databaseChecks(shop)));
        } catch (error) {
          checks.push({ check: 'database', status: 'fail', detail: `not reachable: ${reason(error)}` });
        }
        checks.push(
          ...(await securityChecks(config, shop?.db, opts.audit ? () => runNpmAudit() : undefined)),
        );
      }
      const problems = checks.filter((c) => c.status === 'fail').length;
      emit(rt.io, opts.json, { ok: problems === 0, checks }, () => {
        printTable(
          rt.io,
          ['Check', 'Status', 'Detail'],
          checks.map((c) => [c.check, c.status, c.detail]),
        );
        if (problems === 0) printLine(rt.io, 'No problems found.');
      });
      if (problems > 0) throw new RefusedError(`Doctor found ${problems} problem(s).`);
    });
}
