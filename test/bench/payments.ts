import { sql } from 'kysely';
import pino from 'pino';
import type { Db } from '../../src/db/connection.js';
import { runPaymentPass } from '../../src/jobs/payment-watcher.js';
import { createEsploraClient } from '../../src/payments/esplora-client.js';
import { startFakeEsplora } from '../support/fake-esplora.js';
import { type BenchContext, benchDatabase, fmt, type Row, timed } from './harness.js';

/** Six letters from a number, unique below 26^6. */
const codeOf = (column: string) =>
  sql.raw(
    `concat(${[0, 1, 2, 3, 4, 5].map((i) => `char(65 + (${column} div ${26 ** i}) % 26)`).join(', ')})`,
  );

/** `count` reserved Bitcoin orders of 25,000 sats each, waiting for payment, straight in SQL. */
async function seedOpenBitcoinOrders(db: Db, count: number): Promise<void> {
  await sql`insert into users (id, first_name) values (1, 'Owner'), (2, 'Buyer')`.execute(db);
  await sql`insert into orders (code, user_id, status, payment_method, subtotal, bonus_applied, total, currency,
      delivery_address, delivery_phone, reserved_until, btc_address, btc_amount_sats, btc_rate, created_at, updated_at)
    select ${codeOf('seq')}, 2, 'reserved', 'btc', 1250, 0, 1250, 'USD', 'Bench Road 1', '+15550100000',
      now() + interval 1 day, concat('bench-address-', seq), 25000, 5000000, now(), now()
    from seq_1_to_${sql.raw(String(count))}`.execute(db);
  await sql`insert into btc_payments (order_id, updated_at) select id, now() from orders`.execute(db);
}

/**
 * One payment-watcher pass over `count` open Bitcoin orders against the fake Esplora server on 127.0.0.1: a
 * tenth of them paid and confirmed, a tenth seen in the mempool. Reports the requests made and the time, then
 * a second pass (nothing new). Figures only.
 */
export async function paymentPass(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.quick ? 1_000 : 10_000;
  const concurrency = 4;
  const bench = await benchDatabase(ctx.serverUrl);
  const esplora = await startFakeEsplora();
  try {
    await seedOpenBitcoinOrders(bench.db, count);
    for (let i = 1; i <= count; i += 10) {
      esplora.pay(`bench-address-${i}`, 25_000, { height: esplora.tip });
      if (i + 1 <= count) esplora.pay(`bench-address-${i + 1}`, 25_000);
    }
    const logger = pino({ level: 'warn' });
    const rows: Row[] = [];
    for (const label of ['first pass', 'second pass']) {
      const client = createEsploraClient(esplora.url);
      const { ms, value: pass } = await timed(() =>
        runPaymentPass({ payments: bench.services.payments, client, logger, concurrency }),
      );
      ctx.log(
        `${label}: ${pass.watched} watched, ${pass.checked} checked, ${pass.changed.length} changed, ${pass.requests} requests, ${fmt(ms)} ms`,
      );
      rows.push({
        scenario: `payment ${label}, ${fmt(count)} open BTC orders`,
        ours: `${fmt(ms)} ms, ${fmt(pass.requests)} requests (${fmt((pass.requests / ms) * 1000)}/s), ${fmt(pass.changed.length)} changed`,
        baseline: `at most ${concurrency} requests in flight (max seen ${esplora.maxInFlight})`,
        ratio: '-',
        target: '-',
        met: undefined,
      });
    }
    return rows;
  } finally {
    await esplora.close();
    await bench.drop();
  }
}
