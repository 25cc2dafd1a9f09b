import { createHash, randomBytes } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let text = '';
  while (value > 0n) {
    text = BASE58[Number(value % 58n)] + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}

/** A random, well-formed pay-to-pubkey-hash address (Base58Check), mainnet unless testnet is asked for. */
export function randomP2pkhAddress(network: 'mainnet' | 'testnet' = 'mainnet'): string {
  const payload = Buffer.concat([Buffer.from([network === 'mainnet' ? 0x00 : 0x6f]), randomBytes(20)]);
  const checksum = createHash('sha256')
    .update(createHash('sha256').update(payload).digest())
    .digest()
    .subarray(0, 4);
  return base58(Buffer.concat([payload, checksum]));
}

export function randomAddresses(count: number, network: 'mainnet' | 'testnet' = 'mainnet'): string[] {
  return Array.from({ length: count }, () => randomP2pkhAddress(network));
}
