import type { Executor } from '../db/transaction.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import { type PhotoUploadTarget, uploadCheckedPhoto } from '../telegram/photo-upload.js';
import { findProductByRef } from './catalog.repository.js';
import type { ProductView } from './catalog.schemas.js';
import { setProductPhoto } from './product-photo.repository.js';

export interface ProductPhotoDeps extends PhotoUploadTarget {
  db: Executor;
  clock: Clock;
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
      const fileId = await uploadCheckedPhoto(
        deps,
        { bytes, filename },
        `Photo for "${product.name}" (${product.id})`,
      );
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
