import type { Db } from '../db/connection.js';
import { NotFoundError } from '../shared/errors.js';
import { findUserByUsername } from '../users/users.repository.js';
import { type OrderSearch, searchOrders, withDetails } from './orders.repository.js';
import type { OrderDetails } from './orders.schemas.js';

/** The owner's order lists: filters, a page of results and the count of all that match. */
export function createOrderSearchService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async search(
      search: OrderSearch & { username?: string },
      page: { limit: number; offset: number },
    ): Promise<{ orders: OrderDetails[]; total: number }> {
      let userId = search.userId;
      if (search.username !== undefined) {
        const user = await findUserByUsername(db, search.username);
        if (!user) throw new NotFoundError('customer', `@${search.username}`);
        userId = user.id;
      }
      const found = await searchOrders(db, { ...search, userId }, page);
      return { orders: await withDetails(db, found.orders), total: found.total };
    },
  };
}
