import { checkoutToken } from '../../orders/orders.schemas.js';
import { callbackData, count, id, oneOf, orderCode } from './codec.js';

/** Every button of the bot. Prefixes are short on purpose: the data must fit in 64 bytes. */

export const menuData = callbackData('m', {
  to: oneOf(['home', 'shop', 'cart', 'orders', 'refs', 'help', 'search']),
});

/** A page of a category: `dir` "a" lists products after `cursor` (0: from the start), "b" before it. */
export const categoryData = callbackData('c', { category: id, dir: oneOf(['a', 'b']), cursor: count });

/** A product card with the quantity being chosen; `dir`/`cursor` remember the list page to go back to. */
const productFields = { product: id, qty: id, dir: oneOf(['a', 'b']), cursor: count };
export const productData = callbackData('p', productFields);
export const addToCartData = callbackData('pa', productFields);

/** A cart line's buttons, and the whole cart; with `page`, `product` is the page's number (from 0). */
export const cartData = callbackData('ct', {
  op: oneOf(['inc', 'dec', 'rm', 'clear', 'show', 'page']),
  product: count,
});

export const checkoutData = callbackData('k', {
  step: oneOf(['start', 'saved', 'new', 'skip', 'ball', 'bamt', 'bnone', 'btc', 'cod', 'ok', 'x']),
});

/** Confirm of a checkout summary: the checkout's token makes a repeated Confirm show the order it placed. */
export const confirmData = callbackData('ko', { token: checkoutToken });

/** My orders: a page of older orders (`before` 0: the newest). */
export const ordersData = callbackData('ol', { before: count });
export const orderData = callbackData('od', {
  op: oneOf(['show', 'cancel', 'yes', 'qr']),
  code: orderCode,
});

export const referralData = callbackData('r', { op: oneOf(['new']) });
/** A page (from 0) of the results of the customer's search, whose words are kept in the session. */
export const searchData = callbackData('s', { page: count });

export const helpData = callbackData('h', { op: oneOf(['cancel']) });

/** A label-only button (a cart line's name): answered, does nothing. */
export const noopData = callbackData('n', {});
