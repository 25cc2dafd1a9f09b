import { describe, expect, it } from 'vitest';
import { describeFailure, RefusedError, UsageError } from '../../src/cli/errors.js';
import { ConfigError } from '../../src/config.js';
import { InvalidTransitionError } from '../../src/shared/errors.js';

describe('describeFailure', () => {
  it('maps the shop refusing to exit 1 and usage errors to exit 2, one sentence each', () => {
    expect(describeFailure(new InvalidTransitionError('ABC', 'cancelled', 'confirmed'), false)).toEqual({
      exitCode: 1,
      message: 'Order ABC is cancelled and cannot be confirmed.',
    });
    expect(describeFailure(new UsageError('Missing the order code'), false)).toEqual({
      exitCode: 2,
      message: 'Missing the order code.',
    });
    expect(describeFailure(new RefusedError('Doctor found 1 problem(s).'), false).exitCode).toBe(1);
    expect(
      describeFailure(new ConfigError('Invalid configuration: SHOP_CURRENCY is bad.'), false).exitCode,
    ).toBe(1);
  });

  it('hides the stack of an unexpected error unless verbose', () => {
    const error = new TypeError('boom\nsecond line');
    const quiet = describeFailure(error, false);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.message).toBe('Unexpected error: boom (run with --verbose for the stack trace)');
    const loud = describeFailure(error, true);
    expect(loud.message).toContain('at ');
    expect(loud.message.split('\n').length).toBeGreaterThan(2);
  });

  it('shows only the code of an error the database answered with, its text with --verbose', () => {
    const tooLong = Object.assign(new Error("Data too long for column 'first_name' at row 1"), {
      code: 'ER_DATA_TOO_LONG',
      errno: 1406,
      sqlState: '22001',
    });
    expect(describeFailure(tooLong, false)).toEqual({
      exitCode: 1,
      message: 'The database refused the command (ER_DATA_TOO_LONG). Run with --verbose for its message.',
    });
    const loud = describeFailure(tooLong, true).message;
    expect(loud.split('\n').slice(0, 2)).toEqual([
      'The database refused the command (ER_DATA_TOO_LONG).',
      "Data too long for column 'first_name' at row 1",
    ]);
    const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), {
      code: 'ER_LOCK_DEADLOCK',
      errno: 1213,
      sqlState: '40001',
    });
    expect(describeFailure(deadlock, false).message).toBe(
      'The database stayed busy (ER_LOCK_DEADLOCK); try again in a moment. Run with --verbose for its message.',
    );
  });

  it('names an unreachable database and a cancelled prompt', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeFailure(refused, false)).toEqual({
      exitCode: 1,
      message: 'The database could not be reached: connect ECONNREFUSED 127.0.0.1:1.',
    });
    const interrupted = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    expect(describeFailure(interrupted, false)).toEqual({
      exitCode: 130,
      message: 'Cancelled; nothing was changed.',
    });
  });
});
