import { streamOrdersForExport } from '../orders/orders-export.repository.js';
import { streamRefcodesForExport } from '../refcodes/refcodes.repository.js';
import { refCodeState } from '../refcodes/refcodes.service.js';
import type { ServiceDeps } from '../service-deps.js';
import { streamCustomersForExport } from '../users/users.repository.js';

/** The rows of the CSV exports, streamed one at a time so an export of any size fits in memory. */
export function createExportService({ db, clock }: ServiceDeps) {
  return {
    customers: () => streamCustomersForExport(db),
    orders: () => streamOrdersForExport(db),

    /** Every reference code with its state as of the start of the export. */
    async *refcodes() {
      const now = clock.now();
      for await (const code of streamRefcodesForExport(db)) yield { ...code, state: refCodeState(code, now) };
    },
  };
}
