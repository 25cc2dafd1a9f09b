/** Where the CLI writes, and whether a person sits at a terminal to answer questions. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** stdin is a terminal: prompts and confirmations are allowed. */
  interactive: boolean;
  /** The terminal's width when stdout is one; tables are narrowed to fit it. */
  columns?: number;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
