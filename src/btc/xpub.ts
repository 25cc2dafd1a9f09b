import { HDKey } from '@scure/bip32';
import { NETWORK, p2pkh, p2sh, p2wpkh, TEST_NETWORK } from '@scure/btc-signer';
import type { BtcNetwork } from './btc.schemas.js';

/** Which script an extended public key's addresses use, by its SLIP-132 prefix (BIP44, BIP49, BIP84). */
const KINDS = {
  xpub: { version: 0x0488b21e, network: 'mainnet', script: 'p2pkh' },
  ypub: { version: 0x049d7cb2, network: 'mainnet', script: 'p2sh-p2wpkh' },
  zpub: { version: 0x04b24746, network: 'mainnet', script: 'p2wpkh' },
  tpub: { version: 0x043587cf, network: 'testnet', script: 'p2pkh' },
  upub: { version: 0x044a5262, network: 'testnet', script: 'p2sh-p2wpkh' },
  vpub: { version: 0x045f1cf6, network: 'testnet', script: 'p2wpkh' },
} as const;

type Prefix = keyof typeof KINDS;
export type ScriptKind = (typeof KINDS)[Prefix]['script'];

export class XpubError extends Error {
  override name = 'XpubError';
}

export interface AccountKey {
  script: ScriptKind;
  network: BtcNetwork;
  /** The external (receive) chain, m/…/0, from which the addresses are derived. */
  receive: HDKey;
}

/**
 * Reads an account-level extended public key (as wallets export it: m/84'/0'/0' as a zpub, and so on) for
 * `network`. Throws XpubError with a sentence saying what is wrong.
 */
export function parseAccountKey(text: string, network: BtcNetwork): AccountKey {
  const key = text.trim();
  const prefix = key.slice(0, 4) as Prefix;
  const kind = KINDS[prefix];
  if (!kind) throw new XpubError('must start with xpub, ypub or zpub (tpub, upub or vpub on testnet)');
  if (kind.network !== network) throw new XpubError(`is a ${kind.network} key but BTC_NETWORK is ${network}`);
  let account: HDKey;
  try {
    // Only public derivation: the private version is never accepted, so a private key is refused here.
    account = HDKey.fromExtendedKey(key, { public: kind.version, private: 0 });
  } catch (error) {
    throw new XpubError(`is not a valid extended public key (${(error as Error).message})`);
  }
  if (account.privateKey) throw new XpubError('is a private key; give the extended public key');
  return { script: kind.script, network, receive: account.deriveChild(0) };
}

/** The receive address at `index` (m/…/0/index). */
export function deriveAddress(account: AccountKey, index: number): string {
  const publicKey = account.receive.deriveChild(index).publicKey;
  if (!publicKey) throw new XpubError('has no public key');
  const net = account.network === 'mainnet' ? NETWORK : TEST_NETWORK;
  const payment =
    account.script === 'p2wpkh'
      ? p2wpkh(publicKey, net)
      : account.script === 'p2sh-p2wpkh'
        ? p2sh(p2wpkh(publicKey, net), net)
        : p2pkh(publicKey, net);
  if (!payment.address) throw new XpubError('gave no address');
  return payment.address;
}
