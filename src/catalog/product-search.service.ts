import type { ServiceDeps } from '../service-deps.js';
import { searchActiveProducts } from './search.repository.js';

/** Longest query kept; longer text is no search a customer means. */
export const SEARCH_QUERY_MAX = 100;
const MAX_WORDS = 5;

/** The words of a customer's query: spaces collapsed, at most a few, each at least two characters. */
export function searchWords(query: string): string[] {
  return query
    .slice(0, SEARCH_QUERY_MAX)
    .split(/\s+/)
    .filter((w) => [...w].length >= 2)
    .slice(0, MAX_WORDS);
}

export function createProductSearchService({ db }: Pick<ServiceDeps, 'db'>) {
  return {
    /** One page (from 0) of the active products matching every word of `query`, and how many match in all. */
    async search(query: string, page: number, pageSize: number) {
      const words = searchWords(query);
      if (words.length === 0) return { items: [], total: 0 };
      return searchActiveProducts(db, words, { limit: pageSize, offset: page * pageSize });
    },
  };
}
