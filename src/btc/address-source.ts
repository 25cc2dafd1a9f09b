import type { Executor } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { takeFreeAddress } from './btc.repository.js';
import { insertDerivedAddress, lockNextIndex, peekNextIndex, setNextIndex } from './derivation.repository.js';
import { type AccountKey, deriveAddress, parseAccountKey } from './xpub.js';

const accounts = new Map<string, AccountKey>();

function accountOf(deps: Pick<ServiceDeps, 'btcXpub' | 'btcNetwork'>): AccountKey | undefined {
  if (!deps.btcXpub) return undefined;
  const key = `${deps.btcNetwork}:${deps.btcXpub}`;
  let account = accounts.get(key);
  if (!account) {
    account = parseAccountKey(deps.btcXpub, deps.btcNetwork);
    accounts.set(key, account);
  }
  return account;
}

/**
 * The address for a Bitcoin order about to be written: the next one derived from BTC_XPUB when it is set, else
 * the oldest free one of the pool. Either way the caller assigns it to the order in the same transaction.
 */
export async function takeOrderAddress(
  trx: Executor,
  deps: Pick<ServiceDeps, 'btcXpub' | 'btcNetwork'>,
  now: Date,
): Promise<{ id: number; address: string }> {
  const account = accountOf(deps);
  if (!account || !deps.btcXpub) return takeFreeAddress(trx);
  let index = await lockNextIndex(trx, deps.btcXpub);
  for (;;) {
    const address = deriveAddress(account, index);
    const id = await insertDerivedAddress(trx, address, index, now);
    index += 1;
    if (id !== undefined) {
      await setNextIndex(trx, deps.btcXpub, index);
      return { id, address };
    }
  }
}

/** The next `count` addresses orders will get, with their indexes, for comparing with the wallet. */
export async function upcomingAddresses(
  db: Executor,
  deps: Pick<ServiceDeps, 'btcXpub' | 'btcNetwork'>,
  count: number,
): Promise<{ index: number; address: string }[]> {
  const account = accountOf(deps);
  if (!account || !deps.btcXpub) return [];
  const start = await peekNextIndex(db, deps.btcXpub);
  return Array.from({ length: count }, (_, i) => ({
    index: start + i,
    address: deriveAddress(account, start + i),
  }));
}
