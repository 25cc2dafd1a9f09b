import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { emit, JSON_FLAG, printLine } from '../output.js';
import { parseOptions } from '../parse.js';
import { readPhotoFile } from '../photo-file.js';
import { pickProduct } from '../pickers.js';
import { productJson } from '../presenters.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

const photoOptions = z.object({ remove: z.boolean().optional(), json: z.boolean().optional() });

/** `product photo PRODUCT FILE|--remove`: the photo shown on the product's card in the bot. */
export function registerProductPhotoCommand(product: Command, rt: Runtime): void {
  product
    .command('photo')
    .description('set the photo shown on a product card (JPEG, PNG or WebP up to 10 MB), or --remove it')
    .argument('[product]', 'the product id or exact name')
    .argument('[file]', 'the image file')
    .option('--remove', 'remove the photo')
    .option(...JSON_FLAG)
    .action(async (givenProduct: string | undefined, givenFile: string | undefined, raw: unknown) => {
      const opts = parseOptions(photoOptions, raw);
      if (opts.remove && givenFile) throw new UsageError('Give either a file or --remove, not both');
      const ref = await orAsk(rt, givenProduct, 'the product', () => pickProduct(rt, 'Product:'));
      const { services, config } = await rt.shop.open();
      if (opts.remove) {
        const changed = await services.productPhotos.remove(ref);
        emit(rt.io, opts.json, productJson(changed, config.currency), () =>
          printLine(rt.io, `Product "${changed.name}" has no photo now.`),
        );
        return;
      }
      const file = await orAsk(rt, givenFile, 'the image file (or --remove)', () =>
        askText(rt, 'Image file:'),
      );
      const photo = await readPhotoFile(file);
      const changed = await services.productPhotos.set(ref, photo.bytes, photo.filename);
      emit(rt.io, opts.json, productJson(changed, config.currency), () =>
        printLine(rt.io, `Photo of "${changed.name}" uploaded; the bot shows it on the product card.`),
      );
    });
}
