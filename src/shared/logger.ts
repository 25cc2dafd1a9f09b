import { type Logger, pino } from 'pino';
import { type LogOutput, safeLogDestination } from './safe-text.js';

/** Longest string value kept whole in a log line: a customer's pasted novel must not flood the log. */
export const LOG_VALUE_MAX = 1000;

function cut(text: string): string {
  return text.length <= LOG_VALUE_MAX ? text : `${text.slice(0, LOG_VALUE_MAX - 1)}…`;
}

/** Cuts long strings in plain objects and arrays; errors and other instances are left to pino's serializers. */
function cutValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cutValues(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutValues(v, depth + 1)]));
}

/**
 * The process's JSON logger: control characters escaped (see safeLogDestination) and long values cut, in the
 * fields and the message alike, since both can carry what a customer or an outside service wrote.
 */
export function createLogger(options: { level: string; service: string }, out: LogOutput): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      formatters: { log: (fields) => cutValues(fields) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const cutArgs = args.map((arg) => (typeof arg === 'string' ? cut(arg) : arg));
          return method.apply(this, cutArgs as Parameters<typeof method>);
        },
      },
    },
    safeLogDestination(out),
  );
}
