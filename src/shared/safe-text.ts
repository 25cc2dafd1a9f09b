/**
 * Customers choose their names, addresses and notes, and the owner reads them in a terminal and in logs: control
 * characters there could move the cursor, retitle the window, hide a line behind a carriage return or turn text
 * around (bidi overrides). They are shown as escapes instead, never passed through.
 */
// DEL, C1 controls, bidi marks, embeddings, overrides and isolates, and the Unicode line separators...
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, 'gu');
// ...and the C0 controls, which are exactly what this looks for.
const UNSAFE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, 'gu');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return (
    NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`)
  );
}

/** The text with every unsafe character written as an escape, such as \x1b or \u202e. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOf);
}

/**
 * A pino destination that keeps log lines readable in a terminal. Pino already escapes C0 controls as JSON demands;
 * the others are legal in JSON strings, so they get \u escapes, which any JSON reader turns back into the same text.
 */
export function safeLogDestination(out: LogOutput): { write(line: string): boolean } {
  return {
    write: (line) => {
      out.write(
        line.replace(UNSAFE_IN_JSON, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`),
      );
      return true;
    },
  };
}

/** Where log lines go: a stream, or anything that takes text the same way. */
export interface LogOutput {
  write(text: string): unknown;
}
