import { sql } from 'kysely';
import { type BenchContext, benchDatabase, fmt, percentile, type Row, runConcurrently } from './harness.js';

const CHECKOUT = {
  paymentMethod: 'cod' as const,
  address: '1 Bench Street, Benchville',
  phone: '+15550100000',
};

type Shop = Awaited<ReturnType<typeof benchDatabase>>;

async function seedUsers(db: Shop['db'], count: number, firstId = 100_000): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => firstId + i);
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .insertInto('users')
      .values(ids.slice(i, i + 1000).map((id) => ({ id, first_name: 'Bench' })))
      .execute();
  }
  return ids;
}

/**
 * The floor for one checkout on this server: lock one row, update it, insert one row. Returns a runner, run
 * once unmeasured first like our side.
 */
async function minimalTransactions(db: Shop['db'], rows: number) {
  await sql`create table bench_counter (id int primary key, n int not null)`.execute(db);
  await sql`create table bench_log (id int auto_increment primary key, counter_id int not null, v int not null)`.execute(
    db,
  );
  await sql`insert into bench_counter select seq, 1000000 from seq_1_to_${sql.raw(String(rows))}`.execute(db);
  return (count: number, concurrency: number) =>
    runConcurrently(
      Array.from(
        { length: count },
        (_, i) => () =>
          db
            .transaction()
            .setIsolationLevel('read committed')
            .execute(async (trx) => {
              const id = rows === 1 ? 1 : 1 + ((i * 7919) % rows);
              await sql`select n from bench_counter where id = ${id} for update`.execute(trx);
              await sql`update bench_counter set n = n - 1 where id = ${id}`.execute(trx);
              await sql`insert into bench_log (counter_id, v) values (${id}, ${i})`.execute(trx);
            }),
      ),
      concurrency,
    );
}

/** Puts one unit of the product in each customer's cart (replacing what was there), then checks them all out. */
async function checkoutOne(shop: Shop, users: number[], productId: number, concurrency: number) {
  await shop.db.deleteFrom('cart_items').where('user_id', 'in', users).execute();
  await shop.db
    .insertInto('cart_items')
    .values(users.map((id) => ({ user_id: id, product_id: productId, quantity: 1 })))
    .execute();
  return runConcurrently(
    users.map((userId) => () => shop.services.orders.place({ userId, ...CHECKOUT })),
    concurrency,
  );
}

/**
 * Unmeasured checkouts by other customers of another product, so that the measured run, like the baseline
 * after it, finds the JIT warm and the connection pool full.
 */
async function warmUp(shop: Shop, customers: number, concurrency: number): Promise<void> {
  const users = await seedUsers(shop.db, customers, 900_000);
  await shop.services.catalog.addCategory('Warm-up');
  const product = await shop.services.catalog.addProduct({
    category: 'Warm-up',
    name: 'Warm-up item',
    price: 1000,
    stock: customers,
  });
  const run = await checkoutOne(shop, users, product.id, concurrency);
  const failed = run.results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/**
 * Scenario 1: many customers check out the same product at once. Every round restocks it for all of them, so
 * the figure counts orders placed, never the cheap refusals once stock runs out. One round lasts a fraction of a
 * second, so rounds alternate with the baseline's and the medians are compared.
 */
export async function hotProduct(ctx: BenchContext): Promise<Row> {
  const customers = ctx.quick ? 50 : 200;
  const rounds = ctx.quick ? 1 : 7;
  const shop = await benchDatabase(ctx.serverUrl);
  try {
    // The same customers order every round: the per-customer order limits would refuse them.
    for (const key of ['max_open_orders_per_customer', 'max_orders_per_customer_per_hour'])
      await shop.services.settings.set(key, '0');
    await warmUp(shop, customers, customers);
    const baseline = await minimalTransactions(shop.db, 1);
    await baseline(customers, customers);
    const users = await seedUsers(shop.db, customers);
    await shop.services.catalog.addCategory('Hot');
    const ourRates: number[] = [];
    const baseRates: number[] = [];
    const outcomes: string[] = [];
    let correct = true;
    for (let round = 1; round <= rounds; round++) {
      const product = await shop.services.catalog.addProduct({
        category: 'Hot',
        name: `Hot item ${round}`,
        price: 1000,
        stock: customers,
      });
      const ours = await checkoutOne(shop, users, product.id, customers);
      const placed = ours.results.filter((r) => r.status === 'fulfilled').length;
      const row = await shop.services.catalog.getProduct(product.id);
      correct &&= placed === customers && row.reserved_quantity === customers;
      outcomes.push(`${placed}/${row.reserved_quantity}`);
      ourRates.push((placed / ours.wallMs) * 1000);
      baseRates.push((customers / (await baseline(customers, customers)).wallMs) * 1000);
    }
    ctx.log(
      `hot product, placed/reserved per round: ${outcomes.join(' ')}; ratio per round: ${ourRates
        .map((rate, i) => `${fmt((rate / (baseRates[i] as number)) * 100)}%`)
        .join(' ')}`,
    );
    const ourRate = percentile(ourRates, 50);
    const baseRate = percentile(baseRates, 50);
    return {
      scenario: `1. Hot product: ${customers} customers order one product at once, restocked each round${rounds > 1 ? ` (median of ${rounds} rounds)` : ''}${correct ? '' : ' (STOCK MATH WRONG)'}`,
      ours: `${fmt(ourRate)} orders placed/s`,
      baseline: `${fmt(baseRate)} minimal tx/s`,
      ratio: `${fmt((ourRate / baseRate) * 100)}%`,
      target: '>= 40% of baseline',
      met: correct && ourRate >= 0.4 * baseRate,
    };
  } finally {
    await shop.drop();
  }
}

/** Scenario 2: many customers, many products, mixed carts, 32 at a time. */
export async function spreadCheckout(ctx: BenchContext): Promise<Row> {
  const customers = ctx.quick ? 200 : 1000;
  const products = ctx.quick ? 200 : 1000;
  const shop = await benchDatabase(ctx.serverUrl);
  try {
    const users = await seedUsers(shop.db, customers);
    await shop.services.catalog.addCategory('Spread');
    const category = await shop.services.catalog.findCategory('Spread');
    await sql`insert into products (category_id, name, price, stock_quantity)
      select ${category.id}, concat('Product ', seq), 100 + seq, 100000 from seq_1_to_${sql.raw(String(products))}`.execute(
      shop.db,
    );
    await warmUp(shop, 200, 32); // after the products, which take ids 1..N
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lines = users.flatMap((userId) => {
      const chosen = new Set<number>();
      const size = 1 + random(5);
      while (chosen.size < size) chosen.add(1 + random(products));
      return [...chosen].map((productId) => ({
        user_id: userId,
        product_id: productId,
        quantity: 1 + random(3),
      }));
    });
    for (let i = 0; i < lines.length; i += 1000)
      await shop.db
        .insertInto('cart_items')
        .values(lines.slice(i, i + 1000))
        .execute();

    const run = await runConcurrently(
      users.map((userId) => () => shop.services.orders.place({ userId, ...CHECKOUT })),
      32,
    );
    const failures = run.results.filter((r) => r.status === 'rejected');
    for (const failure of failures.slice(0, 3))
      ctx.log(`spread checkout failure: ${String((failure as PromiseRejectedResult).reason)}`);
    const p50 = percentile(run.latencies, 50);
    const p99 = percentile(run.latencies, 99);
    const rate = (customers / run.wallMs) * 1000;
    const baseline = await minimalTransactions(shop.db, products);
    await baseline(200, 32);
    const base = await baseline(customers, 32);
    const baseRate = (customers / base.wallMs) * 1000;
    return {
      scenario: `2. Spread checkout: ${customers} customers, ${products} products, 1-5 lines, 32 at once`,
      ours: `${fmt(rate)} orders/s, p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms, ${failures.length} errors`,
      baseline: `${fmt(baseRate)} minimal tx/s, p99 ${fmt(percentile(base.latencies, 99), 1)} ms`,
      ratio: `${fmt((rate / baseRate) * 100)}%`,
      target: 'no errors, p99 < 100 ms',
      met: failures.length === 0 && p99 < 100,
    };
  } finally {
    await shop.drop();
  }
}
