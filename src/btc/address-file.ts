import { readFile } from 'node:fs/promises';
import type { AddAddressesResult, BtcService } from './btc.service.js';

export type AddressFileSync = ({ missing: false } & AddAddressesResult) | { missing: true };

/**
 * Loads new addresses from the watched address file into the pool. The shop only ever reads this file; a line
 * removed from it leaves the pool as it is (an assigned address stays with its order for good).
 */
export async function syncAddressFile(btc: BtcService, path: string): Promise<AddressFileSync> {
  const text = await readAddressFile(path);
  if (text === undefined) return { missing: true };
  return { missing: false, ...(await btc.addFromText(text)) };
}

/** The address file's text, or undefined when there is no such file. */
export async function readAddressFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
