import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An Esplora-compatible explorer on 127.0.0.1 for tests and benchmarks: GET /blocks/tip/height and
 * GET /address/:address/txs over transactions the test makes up. It can misbehave on demand: answer 429 or
 * 5xx, answer garbage for one address, or hold its answers back.
 */

interface FakeTx {
  txid: string;
  outputs: { address: string; value: number }[];
  height: number | null;
}

export interface FakeEsplora {
  url: string;
  tip: number;
  /** Requests answered so far, and the most that were in flight at once. */
  readonly requests: number;
  readonly maxInFlight: number;
  /** Starts counting maxInFlight afresh. */
  resetMaxInFlight(): void;
  /** Resolves once no request is being answered (an aborted client's request still runs to its end here). */
  idle(): Promise<void>;
  /** A transaction paying `value` sats to `address` (more outputs may be added), in the mempool until mined. */
  pay(
    address: string,
    value: number,
    options?: { height?: number; extra?: { address: string; value: number }[] },
  ): string;
  mine(txid: string, height?: number): void;
  /** The transaction leaves the mempool (replaced by fee or dropped). */
  drop(txid: string): void;
  /** The next `times` requests get this HTTP status (with Retry-After when given). */
  failNext(status: number, times: number, retryAfterSeconds?: number): void;
  /** Answers for this address are not valid JSON of the expected shape. */
  garbageFor(address: string, body: string): void;
  /** Every answer waits this long first. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeEsplora(): Promise<FakeEsplora> {
  const txs = new Map<string, FakeTx>();
  const garbage = new Map<string, string>();
  let failures: { status: number; times: number; retryAfter?: number } | undefined;
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let idleWaiters: (() => void)[] = [];

  function body(tx: FakeTx) {
    return {
      txid: tx.txid,
      version: 2,
      vin: [],
      vout: tx.outputs.map((o) => ({ scriptpubkey: '00', scriptpubkey_address: o.address, value: o.value })),
      status: tx.height === null ? { confirmed: false } : { confirmed: true, block_height: tx.height },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    requests += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      if (failures && failures.times > 0) {
        failures.times -= 1;
        const headers = failures.retryAfter ? { 'retry-after': String(failures.retryAfter) } : undefined;
        res.writeHead(failures.status, headers).end('slow down');
        return;
      }
      const url = req.url ?? '';
      if (url === '/blocks/tip/height') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(String(fake.tip));
        return;
      }
      const match = /^\/address\/([^/]+)\/txs$/.exec(url);
      if (!match) {
        res.writeHead(404).end('not found');
        return;
      }
      const address = decodeURIComponent(match[1] as string);
      const bad = garbage.get(address);
      if (bad !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(bad);
        return;
      }
      // Newest first, mempool before confirmed, as Esplora lists them.
      const list = [...txs.values()]
        .filter((tx) => tx.outputs.some((o) => o.address === address))
        .sort((a, b) => (b.height ?? Number.MAX_SAFE_INTEGER) - (a.height ?? Number.MAX_SAFE_INTEGER))
        .map(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        for (const wake of idleWaiters) wake();
        idleWaiters = [];
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeEsplora = {
    url: `http://127.0.0.1:${port}`,
    tip: 800_000,
    delayMs: 0,
    get requests() {
      return requests;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    resetMaxInFlight() {
      maxInFlight = 0;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((wake) => idleWaiters.push(wake))),
    pay(address, value, options = {}) {
      const txid = randomBytes(32).toString('hex');
      txs.set(txid, {
        txid,
        outputs: [{ address, value }, ...(options.extra ?? [])],
        height: options.height ?? null,
      });
      return txid;
    },
    mine(txid, height = fake.tip) {
      const tx = txs.get(txid);
      if (!tx) throw new Error(`no transaction ${txid}`);
      tx.height = height;
    },
    drop(txid) {
      txs.delete(txid);
    },
    failNext(status, times, retryAfterSeconds) {
      failures = { status, times, retryAfter: retryAfterSeconds };
    },
    garbageFor(address, text) {
      garbage.set(address, text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
