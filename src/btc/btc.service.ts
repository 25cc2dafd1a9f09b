import { writeStatement } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import {
  clearLowPoolAlert,
  countAddresses,
  countAvailableAddresses,
  insertNewAddresses,
  listAddresses,
} from './btc.repository.js';
import { type InvalidLine, isValidAddress, parseAddressList } from './btc.schemas.js';

export interface AddAddressesResult {
  added: number;
  /** Already in the pool (free or assigned): never added twice. */
  known: number;
  invalid: InvalidLine[];
}

const INSERT_CHUNK = 500;

export function createBtcService({ db, clock, btcNetwork, settings }: ServiceDeps) {
  async function insert(addresses: readonly string[]): Promise<number> {
    let added = 0;
    const now = clock.now();
    for (let i = 0; i < addresses.length; i += INSERT_CHUNK) {
      const chunk = addresses.slice(i, i + INSERT_CHUNK);
      // Two processes importing the same file at once: IGNORE skips what the other inserted first, and on
      // Galera the loser of a certification conflict runs its chunk again and skips those too.
      added += await writeStatement(db, () => insertNewAddresses(db, chunk, now));
    }
    if (added > 0 && (await countAvailableAddresses(db)) > (await settings.get('low_btc_pool_threshold'))) {
      await clearLowPoolAlert(db);
    }
    return added;
  }

  return {
    /** Adds addresses given one by one; invalid ones are reported by position (1-based) and skipped. */
    async add(addresses: readonly string[]): Promise<AddAddressesResult> {
      const valid = new Set<string>();
      const invalid: InvalidLine[] = [];
      addresses.forEach((raw, index) => {
        const address = raw.trim();
        if (isValidAddress(address, btcNetwork)) valid.add(address);
        else invalid.push({ line: index + 1, text: address });
      });
      const added = await insert([...valid]);
      return { added, known: valid.size - added, invalid };
    },

    /** Adds the addresses of a list file's text (see parseAddressList). */
    async addFromText(text: string): Promise<AddAddressesResult> {
      const { addresses, invalid } = parseAddressList(text, btcNetwork);
      const added = await insert(addresses);
      return { added, known: addresses.length - added, invalid };
    },

    list: (options: { all?: boolean } = {}) => listAddresses(db, options.all ?? false),

    async counts(): Promise<{ available: number; assigned: number }> {
      const available = await countAvailableAddresses(db);
      return { available, assigned: (await countAddresses(db)) - available };
    },
  };
}

export type BtcService = ReturnType<typeof createBtcService>;
