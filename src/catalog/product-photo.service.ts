import type { Executor } from '../db/transaction.js';
import type { Clock } from '../shared/clock.js';
import { DomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { uploadPhoto } from '../telegram/photo-upload.js';
import { findProductByRef } from './catalog.repository.js';
import type { ProductView } from './catalog.schemas.js';
import { setProductPhoto } from './product-photo.repository.js';

export interface ProductPhotoDeps {
  db: Executor;
  clock: Clock;
  botToken: string | undefined;
  telegramApiRoot: string;
  /** The chat the photo is uploaded through (the owner's, else the first admin's): Telegram needs one. */
  uploadChatId: number | undefined;
}

/** Telegram's limit for a photo sent by a bot. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** JPEG, PNG and WebP, told by their first bytes: what Telegram takes as a photo. */
function isPhoto(bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes[0] === 0x89 && ascii(1, 4) === 'PNG';
  const webp = ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
  return jpeg || png || webp;
}

export function createProductPhotoService(deps: ProductPhotoDeps) {
  async function requireProduct(ref: string | number): Promise<ProductView> {
    const product = await findProductByRef(deps.db, ref);
    if (!product) throw new NotFoundError('product', ref);
    return product;
  }

  return {
    /** Uploads the photo once and keeps Telegram's file id on the product; its card shows it from then on. */
    async set(ref: string | number, bytes: Uint8Array, filename: string): Promise<ProductView> {
      const product = await requireProduct(ref);
      if (bytes.length > PHOTO_MAX_BYTES) throw new ValidationError('The photo is larger than 10 MB.');
      if (!isPhoto(bytes)) throw new ValidationError('The file is not a JPEG, PNG or WebP image.');
      if (!deps.botToken)
        throw new DomainError('no_bot', 'BOT_TOKEN is not set: photos are kept on Telegram.');
      if (deps.uploadChatId === undefined)
        throw new DomainError('no_owner', 'Set OWNER_ID: the photo is uploaded through the owner’s chat.');
      const fileId = await uploadPhoto({
        botToken: deps.botToken,
        telegramApiRoot: deps.telegramApiRoot,
        chatId: deps.uploadChatId,
        bytes,
        filename,
        caption: `Photo for "${product.name}" (${product.id})`.slice(0, 1024),
      });
      await setProductPhoto(deps.db, product.id, fileId, deps.clock.now());
      return { ...product, photo_file_id: fileId };
    },

    async remove(ref: string | number): Promise<ProductView> {
      const product = await requireProduct(ref);
      await setProductPhoto(deps.db, product.id, null, deps.clock.now());
      return { ...product, photo_file_id: null };
    },
  };
}
