import { describe, expect, it } from 'vitest';
import { createLogger, LOG_VALUE_MAX } from '../../src/shared/logger.js';

const HOSTILE = 'A\x1b[2J\x1b]0;owned\x07B\rC\u202eD\x9b31mE\u2028F';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', service: 'test' }, { write: (s: string) => lines.push(s) });
  return { logger, lines, last: () => JSON.parse(lines.at(-1) as string) };
}

describe('the JSON logger', () => {
  it('escapes control characters and cuts long values, in fields, nested fields and the message', () => {
    const { logger, lines, last } = capture();
    const novel = `${HOSTILE}${'x'.repeat(5000)}END`;
    logger.info({ name: novel, from: { name: novel }, codes: [novel] }, novel);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(lines[0]?.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/u);
    const line = last();
    for (const value of [line.name, line.from.name, line.codes[0], line.msg]) {
      expect(value).toHaveLength(LOG_VALUE_MAX);
      expect(value.startsWith(HOSTILE)).toBe(true);
      expect(value.endsWith('x…')).toBe(true);
    }
    expect(line.service).toBe('test');
  });

  it('keeps an error with its stack', () => {
    const { logger, last } = capture();
    logger.error({ err: new Error(`boom ${HOSTILE}`) }, 'update failed');
    expect(last().err).toMatchObject({ type: 'Error', message: `boom ${HOSTILE}` });
    expect(last().err.stack).toContain('logger.test.ts');
  });
});
