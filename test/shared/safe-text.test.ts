import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { escapeControls, safeLogDestination } from '../../src/shared/safe-text.js';

const HOSTILE = 'A\x1b[2J\x1b]0;owned\x07B\rC\u202eD\x9b31mE\u2028F';

describe('safe text', () => {
  it('writes every control, bidi and separator character as an escape', () => {
    expect(escapeControls(HOSTILE)).toBe('A\\x1b[2J\\x1b]0;owned\\x07B\\rC\\u202eD\\x9b31mE\\u2028F');
    expect(escapeControls('Grüße, 東京 🍵')).toBe('Grüße, 東京 🍵');
  });

  it('keeps log lines free of them while JSON readers get the text back', () => {
    let written = '';
    const logger = pino(
      { base: null },
      safeLogDestination({
        write: (s: string) => {
          written += s;
          return true;
        },
      } as never),
    );
    logger.info({ name: HOSTILE }, `order by ${HOSTILE}`);
    expect(written.endsWith('}\n')).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(written.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/u);
    expect(JSON.parse(written)).toMatchObject({ name: HOSTILE, msg: `order by ${HOSTILE}` });
  });
});
