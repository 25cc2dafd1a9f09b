import { ConfigError } from '../config.js';
import { RETRYABLE_ERRNOS } from '../shared/db-errors.js';
import { DomainError } from '../shared/errors.js';
import { safeText } from './output.js';

/** The command line was used wrongly (missing argument, malformed value, no terminal to ask on): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The CLI itself declines to go on (nothing to choose from, confirmation declined, doctor found problems): exit 1. */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

export interface Failure {
  exitCode: number;
  message: string;
}

/** Errors from modules the CLI loads lazily are recognised by name, so this file never imports them. */
const SHOP_ERROR_NAMES = new Set(['EmbeddedDatabaseError', 'MigrationError']);
const DATABASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'PROTOCOL_CONNECTION_LOST',
]);

/**
 * An error the database server answered with (mysql2 gives those an SQLSTATE). Its text names tables and
 * columns and can quote stored values (a customer's name in a duplicate key), so only its code is shown.
 */
function serverErrorCode(err: Error): { code: string; busy: boolean } | undefined {
  const { sqlState, code, errno } = err as { sqlState?: unknown; code?: unknown; errno?: unknown };
  if (typeof sqlState !== 'string') return undefined;
  return {
    code: typeof code === 'string' ? code : `errno ${String(errno)}`,
    busy: typeof errno === 'number' && RETRYABLE_ERRNOS.has(errno),
  };
}

/** Messages can quote what a customer typed (a product name, an address): never raw on stderr. */
function firstLine(text: string): string {
  return safeText(text.split('\n')[0]?.trim() ?? '');
}

function sentence(text: string): string {
  const line = firstLine(text) || 'Something went wrong';
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/** Maps any error to an exit code and what stderr shows: one sentence, the stack only when verbose. */
export function describeFailure(error: unknown, verbose: boolean): Failure {
  const err = error instanceof Error ? error : new Error(String(error));
  const detail = verbose && err.stack ? `\n${err.stack}` : '';
  if (err instanceof UsageError) return { exitCode: 2, message: sentence(err.message) };
  if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') {
    return { exitCode: 130, message: 'Cancelled; nothing was changed.' };
  }
  if (err instanceof DomainError || err instanceof RefusedError || err instanceof ConfigError) {
    return { exitCode: 1, message: sentence(err.message) + detail };
  }
  if (SHOP_ERROR_NAMES.has(err.name)) {
    return { exitCode: 1, message: (verbose ? err.message : sentence(err.message)) + detail };
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && DATABASE_CODES.has(code)) {
    return { exitCode: 1, message: `The database could not be reached: ${sentence(err.message)}${detail}` };
  }
  const server = serverErrorCode(err);
  if (server) {
    const what = server.busy
      ? `The database stayed busy (${server.code}); try again in a moment.`
      : `The database refused the command (${server.code}).`;
    return {
      exitCode: 1,
      message: verbose
        ? `${what}\n${firstLine(err.message)}${detail}`
        : `${what} Run with --verbose for its message.`,
    };
  }
  const hint = verbose ? detail : ' (run with --verbose for the stack trace)';
  return { exitCode: 1, message: `Unexpected error: ${firstLine(err.message) || err.name}${hint}` };
}

/**
 * Commander's own complaints ("error: unknown command 'ordr'", then "(Did you mean order?)") as one sentence and
 * one hint: the suggestion when there is one, else where to find the usage.
 */
export function usageMessage(text: string): string {
  const [first = '', ...rest] = text.trim().split('\n');
  const problem = first.replace(/^error:\s*/, '');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
  const hint = suggestion ? `Did you mean ${suggestion}?` : 'Add --help for usage.';
  return `${sentence(problem.charAt(0).toUpperCase() + problem.slice(1))}\n${hint}\n`;
}
