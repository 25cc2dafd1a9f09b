import QRCode from 'qrcode';
import { formatBtc } from '../shared/money.js';

/** A BIP21 payment URI: `bitcoin:<address>`, with `?amount=<btc>` when the amount is locked. */
export function bitcoinUri(address: string, amountSats: number | null | undefined): string {
  return amountSats ? `bitcoin:${address}?amount=${formatBtc(amountSats)}` : `bitcoin:${address}`;
}

/** The URI as a QR code PNG, for wallets to scan. */
export function qrPng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });
}
