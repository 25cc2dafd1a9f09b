import type { ProductView } from '../../catalog/catalog.schemas.js';
import { formatter } from '../../messages/format.js';
import { buttonText } from '../../messages/limits.js';
import type { BotContext } from '../context.js';

/** A product's button in lists: its name cut to fit, then the price and whether it is sold out. */
export function productLabel(ctx: BotContext, product: ProductView): string {
  const price = formatter(ctx.locale, ctx.config.currency, 'UTC').money(product.price);
  const stock = product.available > 0 ? '' : ` · ${ctx.t('product-sold-out-short')}`;
  return buttonText(product.name, ` · ${price}${stock}`);
}
