import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names one holder of a lease or claim row: the process (for people reading the table) and a random part, so two
 * runs in the same process never pass for each other.
 */
export function newHolder(): string {
  return `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(6).toString('hex')}`;
}
