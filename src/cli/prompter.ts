import { safeText } from './output.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/** The questions a command may ask. Tests script the answers; shopctl asks with @inquirer/prompts. */
export interface Prompter {
  input(question: {
    message: string;
    default?: string;
    validate?: (value: string) => boolean | string;
  }): Promise<string>;
  select<T>(question: { message: string; choices: Choice<T>[] }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
}

/** Prompts draw on stderr, so stdout keeps only the command's result (a --json document stays clean). */
const context = () => ({ output: process.stderr });

export const inquirerPrompter: Prompter = {
  async input(question) {
    const { input } = await import('@inquirer/prompts');
    return input({ ...question, message: safeText(question.message) }, context());
  },
  async select<T>(question: { message: string; choices: Choice<T>[] }): Promise<T> {
    const { select } = await import('@inquirer/prompts');
    // Choices show customers' names and product names.
    const choices = question.choices.map((c) => ({ ...c, name: safeText(c.name, 120) }));
    return (await select({ message: safeText(question.message), choices, pageSize: 15 }, context())) as T;
  },
  async confirm(question) {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ ...question, message: safeText(question.message) }, context());
  },
};
