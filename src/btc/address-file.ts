import { readFile } from 'node:fs/promises';
import type { AddAddressesResult, BtcService } from './btc.service.js';

export type AddressFileSync = ({ missing: false } & AddAddressesResult) | { missing: true };

/**
 * Loads new addresses from the watched address file into the pool. The shop only ever reads this file; a line
 * removed from it leaves the pool as it is (an assigned address stays with its order for good).
 */
export async function syncAddressFile(btc: BtcService, path: string): Promise<AddressFileSync> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    throw error;
  }
  return { missing: false, ...(await btc.addFromText(text)) };
}
