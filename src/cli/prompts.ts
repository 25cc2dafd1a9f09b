import { RefusedError, UsageError } from './errors.js';
import type { Runtime } from './runtime.js';

/**
 * Returns `given` when present; otherwise asks on a terminal, or fails with a usage error naming what is
 * missing when nobody can answer.
 */
export async function orAsk<T>(
  rt: Runtime,
  given: T | undefined,
  what: string,
  ask: () => Promise<T>,
): Promise<T> {
  if (given !== undefined && given !== '') return given;
  if (!rt.io.interactive) throw new UsageError(`Missing ${what}; pass it on the command line`);
  return ask();
}

/** Returns `given` when present; otherwise asks on a terminal, and leaves it undefined in a script. */
export async function askOptional<T>(
  rt: Runtime,
  given: T | undefined,
  ask: () => Promise<T>,
): Promise<T | undefined> {
  if (given !== undefined || !rt.io.interactive) return given;
  return ask();
}

/** Asks for free text that must not be empty. */
export function askText(rt: Runtime, message: string, validate?: (value: string) => boolean | string) {
  return rt.prompter.input({
    message,
    validate: (value) => (value.trim() === '' ? 'Please enter a value.' : (validate?.(value) ?? true)),
  });
}

/**
 * Destructive commands go ahead with --yes, or after a "yes" on a terminal. Without a terminal and without
 * --yes they refuse, so a script never destroys something by accident.
 */
export async function confirmAction(rt: Runtime, yes: boolean | undefined, action: string): Promise<void> {
  if (yes) return;
  if (!rt.io.interactive) {
    throw new UsageError(`Refusing to ${action} without confirmation; pass --yes`);
  }
  const question = `${action.charAt(0).toUpperCase()}${action.slice(1)}?`;
  if (!(await rt.prompter.confirm({ message: question, default: false }))) {
    throw new RefusedError('Cancelled; nothing was changed.');
  }
}
