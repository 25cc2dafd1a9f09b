import { Network, validate } from 'bitcoin-address-validation';

export type BtcNetwork = 'mainnet' | 'testnet';

export function isValidAddress(address: string, network: BtcNetwork): boolean {
  return validate(address, network === 'mainnet' ? Network.mainnet : Network.testnet);
}

export interface InvalidLine {
  line: number;
  text: string;
}

export interface ParsedAddresses {
  addresses: string[];
  invalid: InvalidLine[];
}

/**
 * Reads an address list: one address a line, blank lines and # comments ignored, whitespace trimmed,
 * duplicates dropped. Lines that are not an address for `network` are reported with their line numbers.
 */
export function parseAddressList(text: string, network: BtcNetwork): ParsedAddresses {
  const addresses = new Set<string>();
  const invalid: InvalidLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    if (isValidAddress(line, network)) addresses.add(line);
    else invalid.push({ line: index + 1, text: line });
  });
  return { addresses: [...addresses], invalid };
}
