import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const run = promisify(execFile);

/** The completion script as shopctl prints it; no shop is opened. */
async function script(shell: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['completion', shell], {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      interactive: false,
    },
    shop: {
      config: () => {
        throw new Error('completion must not read the configuration');
      },
      open: () => Promise.reject(new Error('completion must not open the shop')),
      close: async () => undefined,
    },
  });
  return { code, stdout, stderr };
}

/** What bash offers after the typed words (the last one being completed), using the printed script. */
async function offered(bash: string, words: string[]): Promise<string[]> {
  const program = `${bash}\nCOMP_WORDS=(shopctl ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _shopctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['-c', program]);
  return stdout.split('\n').filter(Boolean).sort();
}

describe('shopctl completion', () => {
  it('prints a bash script that completes commands, subcommands and options', async () => {
    const { code, stdout } = await script('bash');
    expect(code).toBe(0);
    expect(await offered(stdout, ['or'])).toEqual(['order']);
    expect(await offered(stdout, ['order', 'c'])).toEqual(['cancel', 'confirm']);
    expect(await offered(stdout, ['order', 'confirm', 'ABCDEF', '--d'])).toEqual(['--delivery-time']);
    expect(await offered(stdout, ['--verbose', 'refcode', 'l'])).toEqual(['list']);
  });

  it('prints a zsh script through bashcompinit, and refuses other shells', async () => {
    expect((await script('zsh')).stdout).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n/);
    expect(await script('fish')).toMatchObject({ code: 2, stderr: 'The shell must be bash or zsh.\n' });
  });
});
