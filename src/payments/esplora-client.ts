import { z } from 'zod';
import type { PaidOutput } from './payment-rules.js';

/**
 * A client for the two Esplora calls every provider has (electrs, mempool.space, blockstream.info): the tip
 * height and an address's transactions. Answers are untrusted: each is checked against a schema, and any
 * failure is a ProviderError whose kind says whether to back off (timeout, rate_limited, unavailable) or to
 * skip the answer (malformed).
 */

export type ProviderFailure = 'timeout' | 'rate_limited' | 'unavailable' | 'malformed';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderFailure,
    message: string,
    /** Retry-After of a 429 or 503, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const MAX_SATS = 21_000_000 * 100_000_000;

const txSchema = z.object({
  txid: z.string().regex(/^[0-9a-f]{64}$/),
  vout: z
    .array(
      z.object({
        scriptpubkey_address: z.string().optional(),
        value: z.number().int().min(0).max(MAX_SATS),
      }),
    )
    .max(100_000),
  status: z.union([
    z.object({ confirmed: z.literal(true), block_height: z.number().int().min(0) }),
    z.object({ confirmed: z.literal(false) }),
  ]),
});
const txsSchema = z.array(txSchema).max(10_000);
const heightSchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/)
  .transform(Number);

export interface EsploraClient {
  tipHeight(): Promise<number>;
  /** The outputs of the address's recent transactions that pay it, deduplicated by txid:vout. */
  outputsPaying(address: string): Promise<PaidOutput[]>;
  /** Requests made so far (for the benchmark and logs). */
  readonly requests: number;
}

export interface EsploraOptions {
  timeoutMs?: number;
}

export function createEsploraClient(baseUrl: string, options: EsploraOptions = {}): EsploraClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let requests = 0;

  async function get(path: string): Promise<string> {
    requests += 1;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProviderError('timeout', `no answer within ${timeoutMs} ms`);
      }
      throw new ProviderError('unavailable', `cannot reach the explorer: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ProviderError(
        response.status === 429 ? 'rate_limited' : 'unavailable',
        `HTTP ${response.status}`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ProviderError('malformed', `HTTP ${response.status}`);
    }
    try {
      return await response.text();
    } catch {
      throw new ProviderError('unavailable', 'the connection dropped mid-answer');
    }
  }

  return {
    get requests() {
      return requests;
    },

    async tipHeight() {
      const parsed = heightSchema.safeParse(await get('/blocks/tip/height'));
      if (!parsed.success) throw new ProviderError('malformed', 'the tip height is not a number');
      return parsed.data;
    },

    async outputsPaying(address) {
      const text = await get(`/address/${encodeURIComponent(address)}/txs`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ProviderError('malformed', 'the transaction list is not JSON');
      }
      const parsed = txsSchema.safeParse(json);
      if (!parsed.success) {
        throw new ProviderError(
          'malformed',
          `unexpected transaction list: ${parsed.error.issues[0]?.message}`,
        );
      }
      const outputs = new Map<string, PaidOutput>();
      for (const tx of parsed.data) {
        tx.vout.forEach((out, vout) => {
          if (out.scriptpubkey_address !== address || out.value === 0) return;
          outputs.set(`${tx.txid}:${vout}`, {
            txid: tx.txid,
            vout,
            value: out.value,
            height: tx.status.confirmed ? tx.status.block_height : null,
          });
        });
      }
      return [...outputs.values()];
    },
  };
}
