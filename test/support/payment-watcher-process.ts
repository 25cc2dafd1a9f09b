import { pino } from 'pino';
import { createConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/connection.js';
import { createPaymentWatcher } from '../../src/jobs/payment-watcher.js';
import { createEsploraClient } from '../../src/payments/esplora-client.js';
import { createServices } from '../../src/services.js';

/**
 * A process that runs only the payment watcher, as the bot process does, for tests that kill it: DATABASE_URL,
 * ESPLORA_URL and LEASE_MS from the environment. It runs until it is killed.
 */

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = createDatabase(env('DATABASE_URL'), { connectionLimit: 2 });
const services = createServices(db, createConfig({}));
createPaymentWatcher({
  payments: services.payments,
  client: createEsploraClient(env('ESPLORA_URL')),
  logger: pino({ level: 'info' }),
  db,
  intervalMs: 50,
  leaseMs: Number(env('LEASE_MS')),
}).start();
