import { runCli } from '../../../src/cli/main.js';
import type { Choice, Prompter } from '../../../src/cli/prompter.js';
import type { ShopAccess } from '../../../src/cli/runtime.js';
import { type Config, createConfig } from '../../../src/config.js';
import type { Db } from '../../../src/db/connection.js';
import { createServices } from '../../../src/services.js';
import { formatLocalDateTime, parseLocalDateTime } from '../../../src/shared/time.js';
import { ADMIN_ID, OWNER_ID, TestClock, type TestShop } from '../../support/shop.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON document it must be. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON output and assert on its fields
  json<T = any>(): T;
}

/** An answer to a prompt: the value to give, or for a pick-list a function choosing among the offered choices. */
export type Answer = string | boolean | ((choices: Choice<unknown>[]) => unknown);

export interface Asked {
  kind: 'input' | 'select' | 'confirm';
  message: string;
  choices?: string[];
}

/** Answers prompts from a script, recording what was asked; running out of answers fails the test. */
export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(private readonly answers: Answer[]) {}

  private next(asked: Asked): Answer {
    this.asked.push(asked);
    if (this.answers.length === 0) throw new Error(`Unexpected prompt: ${asked.message}`);
    return this.answers.shift() as Answer;
  }

  async input(q: { message: string; validate?: (value: string) => boolean | string }): Promise<string> {
    const answer = String(this.next({ kind: 'input', message: q.message }));
    const valid = q.validate?.(answer) ?? true;
    if (valid !== true) throw new Error(`Prompt "${q.message}" refused "${answer}": ${valid}`);
    return answer;
  }

  async select<T>(q: { message: string; choices: Choice<T>[] }): Promise<T> {
    const answer = this.next({ kind: 'select', message: q.message, choices: q.choices.map((c) => c.name) });
    if (typeof answer === 'function') return answer(q.choices as Choice<unknown>[]) as T;
    const choice = q.choices.find((c) => c.value === answer);
    if (!choice) throw new Error(`"${answer}" is not among the choices of "${q.message}"`);
    return choice.value;
  }

  async confirm(q: { message: string }): Promise<boolean> {
    return Boolean(this.next({ kind: 'confirm', message: q.message }));
  }
}

export interface CliShop extends TestShop {
  config: Config;
  /** Runs shopctl in-process (through commander's parseAsync) with captured output. */
  run(
    args: string[],
    options?: { answers?: Answer[]; interactive?: boolean },
  ): Promise<CliResult & { prompter: ScriptedPrompter }>;
}

/** A shop on the test database, and a way to run shopctl against it in-process with a test clock. */
export function createCliShop(db: Db, env: Record<string, string> = {}): CliShop {
  const clock = new TestClock();
  const config = createConfig({ OWNER_ID: String(OWNER_ID), ADMIN_IDS: String(ADMIN_ID), ...env });
  const services = createServices(db, config, clock);
  const access: ShopAccess = {
    config: () => config,
    open: async () => ({ config, db, services }),
    close: async () => undefined,
  };
  return {
    db,
    services,
    clock,
    config,
    async run(args, options = {}) {
      let stdout = '';
      let stderr = '';
      const prompter = new ScriptedPrompter([...(options.answers ?? [])]);
      const code = await runCli(args, {
        io: {
          stdout: { write: (text: string) => (stdout += text) },
          stderr: { write: (text: string) => (stderr += text) },
          interactive: options.interactive ?? options.answers !== undefined,
        },
        shop: access,
        prompter,
      });
      return { code, stdout, stderr, prompter, json: () => JSON.parse(stdout) };
    },
  };
}

/** Outbox rows for one chat, oldest first: what the customer will be told. */
export function outboxFor(db: Db, chatId: number) {
  return db
    .selectFrom('notification_outbox')
    .select(['kind', 'payload'])
    .where('chat_id', '=', chatId)
    .orderBy('id')
    .execute();
}

/**
 * A time about `hours` after the test clock as the owner types it in `zone` ("YYYY-MM-DD HH:MM"), with the instant
 * it means. A time that a clock change makes ambiguous (it happens twice) is stepped past, so the pair is exact.
 */
export function typedTime(
  clock: TestClock,
  hours: number,
  zone = 'Europe/Berlin',
): { text: string; iso: string } {
  for (let instant = clock.inHours(hours); ; instant = new Date(instant.getTime() + 3_600_000)) {
    const text = formatLocalDateTime(instant, zone);
    if (parseLocalDateTime(text, zone)?.getTime() === instant.getTime())
      return { text, iso: instant.toISOString() };
  }
}
