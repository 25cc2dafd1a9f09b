import type { Command } from 'commander';
import { isSettingKey, SETTING_KEYS } from '../../settings/settings.schemas.js';
import { UsageError } from '../errors.js';
import { emit, JSON_FLAG, printLine, printTable } from '../output.js';
import { settingJson, settingText, settingValue } from '../presenters.js';
import { askText, orAsk } from '../prompts.js';
import type { Runtime } from '../runtime.js';

function requireKnownKey(key: string): void {
  if (!isSettingKey(key)) {
    throw new UsageError(`Unknown setting "${key}"; the settings are ${SETTING_KEYS.join(', ')}`);
  }
}

export function registerSettingsCommands(program: Command, rt: Runtime): void {
  const settings = program.command('settings').description("the shop's settings (stored in the database)");
  const pickKey = async (message: string) => {
    const { services, config } = await rt.shop.open();
    const entries = await services.settings.list();
    return rt.prompter.select({
      message,
      choices: entries.map((e) => ({
        name: `${e.key} = ${settingText(e.key, e.value, config.currency)}${e.isDefault ? ' (default)' : ''}`,
        value: e.key as string,
      })),
    });
  };

  settings
    .command('list')
    .description('every setting with its value and meaning')
    .option(...JSON_FLAG)
    .action(async (opts: { json?: boolean }) => {
      const { services, config } = await rt.shop.open();
      const entries = await services.settings.list();
      emit(
        rt.io,
        opts.json,
        entries.map((e) => settingJson(e, config.currency)),
        () =>
          printTable(
            rt.io,
            ['Setting', 'Value', 'Meaning'],
            entries.map((e) => [
              e.key,
              `${settingText(e.key, e.value, config.currency)}${e.isDefault ? ' (default)' : ''}`,
              e.description,
            ]),
            'No settings.',
          ),
      );
    });

  settings
    .command('get')
    .description('print one setting')
    .argument('[key]', SETTING_KEYS.join(' | '))
    .option(...JSON_FLAG)
    .action(async (given: string | undefined, opts: { json?: boolean }) => {
      const key = await orAsk(rt, given, 'the setting name', () => pickKey('Setting:'));
      requireKnownKey(key);
      const { services, config } = await rt.shop.open();
      const entry = (await services.settings.list()).find((e) => e.key === key);
      if (!entry) throw new UsageError(`Unknown setting "${key}"`);
      emit(rt.io, opts.json, settingJson(entry, config.currency), () =>
        printLine(rt.io, settingText(key, entry.value, config.currency)),
      );
    });

  settings
    .command('set')
    .description('change a setting (each value is checked for its setting)')
    .argument('[key]', SETTING_KEYS.join(' | '))
    .argument('[value]', 'the new value')
    .option(...JSON_FLAG)
    .action(
      async (givenKey: string | undefined, givenValue: string | undefined, opts: { json?: boolean }) => {
        const key = await orAsk(rt, givenKey, 'the setting name', () => pickKey('Setting to change:'));
        requireKnownKey(key);
        const raw = await orAsk(rt, givenValue, 'the value', () => askText(rt, `New value for ${key}:`));
        const { services, config } = await rt.shop.open();
        const value = await services.settings.set(key, raw);
        emit(rt.io, opts.json, { key, value: settingValue(key, value, config.currency) }, () =>
          printLine(rt.io, `${key} = ${settingText(key, value, config.currency)}`),
        );
      },
    );
}
