import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { printLine } from '../output.js';
import type { Runtime } from '../runtime.js';

/** Every command path ("order", "order list") with the words that may follow it: subcommands and options. */
function commandWords(command: Command, path: string[] = []): [string, string[]][] {
  const words = [
    ...command.commands.map((c) => c.name()),
    ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
    '--help',
  ];
  return [[path.join(' '), words], ...command.commands.flatMap((c) => commandWords(c, [...path, c.name()]))];
}

/**
 * A static bash completion script: the command path typed so far (words that extend a known path; arguments and
 * option values do not) picks the list of words offered.
 */
function bashScript(program: Command): string {
  const table = commandWords(program);
  const paths = `|${table.map(([path]) => path).join('|')}|`;
  const cases = table.map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`);
  return [
    '# shopctl completion for bash: source it from ~/.bashrc',
    '_shopctl() {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${} syntax
    '  local cur="${COMP_WORDS[COMP_CWORD]}" path="" words="" i next',
    `  local paths="${paths}"`,
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${} syntax
    '    next="${path:+$path }${COMP_WORDS[i]}"',
    '    case "$paths" in *"|$next|"*) path="$next" ;; esac',
    '  done',
    '  case "$path" in',
    ...cases,
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -F _shopctl shopctl',
  ].join('\n');
}

export function registerCompletionCommand(program: Command, rt: Runtime): void {
  program
    .command('completion')
    .description('print a shell completion script: shopctl completion bash >> ~/.bashrc')
    .argument('<shell>', 'bash | zsh')
    .action((shell: string) => {
      const bash = bashScript(program);
      if (shell === 'bash') return printLine(rt.io, bash);
      // zsh runs bash completion functions through its bashcompinit layer.
      if (shell === 'zsh') return printLine(rt.io, `autoload -U +X bashcompinit && bashcompinit\n${bash}`);
      throw new UsageError('The shell must be bash or zsh');
    });
}
