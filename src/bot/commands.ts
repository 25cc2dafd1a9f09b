import type { Api } from 'grammy';
import { createI18n, LOCALES } from '../messages/i18n.js';

const COMMANDS = ['start', 'menu', 'help', 'cancel'] as const;

/** The commands shown in Telegram's menu button, in each language we speak (the default for everyone else). */
export async function publishCommands(api: Api, defaultLocale: (typeof LOCALES)[number]): Promise<void> {
  const i18n = createI18n(defaultLocale);
  const commands = (locale: string) =>
    COMMANDS.map((command) => ({ command, description: i18n.t(locale, `command-${command}`) }));
  await api.setMyCommands(commands(defaultLocale));
  for (const locale of LOCALES) await api.setMyCommands(commands(locale), { language_code: locale });
}
