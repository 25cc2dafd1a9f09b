/**
 * `npm run bench [-- --quick]`: starts a throwaway MariaDB, runs each scenario against it next to a baseline
 * measured in the same run on the same server, and prints one table. No assertions: figures only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEmbeddedMariaDb } from '../../src/db/embedded.js';
import { botThroughput } from './bot.js';
import { hotProduct, spreadCheckout } from './checkout.js';
import type { BenchContext, Row } from './harness.js';
import { historyScenarios } from './history.js';
import { listScenarios } from './lists.js';
import { paymentPass } from './payments.js';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const scenarios: [string, (ctx: BenchContext) => Promise<Row | Row[]>][] = [
  ['hot', hotProduct],
  ['spread', spreadCheckout],
  ['bot', botThroughput],
  ['history', historyScenarios],
  ['lists', listScenarios],
  ['payments', paymentPass],
];

function table(rows: Row[]): string {
  const header = ['Scenario', 'Ours', 'Baseline (same run)', 'Ratio', 'Target', 'Met'];
  const lines = rows.map((r) => [
    r.scenario,
    r.ours,
    r.baseline,
    r.ratio,
    r.target,
    r.met === undefined ? '-' : r.met ? 'yes' : 'NO',
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  const baseDir = await mkdtemp(join(tmpdir(), 'shop-bench-'));
  const server = await ensureEmbeddedMariaDb({
    baseDir,
    extraDatabases: ['bench\\_%'],
    serverArgs: ['--innodb-buffer-pool-size=1G', '--max-connections=500', '--skip-log-bin'],
  });
  const rows: Row[] = [];
  const ctx: BenchContext = { serverUrl: server.url, quick, log: (m) => console.error(`  ${m}`) };
  try {
    for (const [name, run] of scenarios) {
      if (only && !only.includes(name)) continue;
      console.error(`running ${name}${quick ? ' (quick)' : ''}...`);
      const result = await run(ctx);
      rows.push(...(Array.isArray(result) ? result : [result]));
    }
  } finally {
    await server.stop();
    await rm(baseDir, { recursive: true, force: true });
  }
  console.log(
    `\nBenchmarks (${quick ? 'quick: small data, figures are not comparable to targets' : 'full'}), ${new Date().toISOString()}\n`,
  );
  console.log(table(rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
