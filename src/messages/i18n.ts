import { fileURLToPath } from 'node:url';
import { I18n, type TranslationVariables } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import { escapeHtml } from './html.js';

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Beside this module: src/messages/locales in the source tree, dist/src/messages/locales once built (npm run build copies). */
export const LOCALES_DIR = fileURLToPath(new URL('./locales', import.meta.url));

/** A Telegram language code ("ru", "en-GB", "de") to a locale we have, else the shop's default. */
export function pickLocale(languageCode: string | null | undefined, fallback: Locale): Locale {
  const base = languageCode?.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : fallback;
}

export function createI18n<C extends Context>(defaultLocale: Locale): I18n<C> {
  return new I18n<C>({
    defaultLocale,
    directory: LOCALES_DIR,
    // Unicode isolation marks around variables would end up inside codes people copy.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => pickLocale(ctx.from?.language_code, defaultLocale),
  });
}

export type Translate = (key: string, variables?: TranslationVariables) => string;

/**
 * Every message goes out with parse_mode HTML, so every string variable is escaped on its way into a
 * translation; markup lives only in the .ftl files. Fragments are joined in code, never passed as variables.
 */
export function escapeVariables(variables?: TranslationVariables): TranslationVariables | undefined {
  if (!variables) return undefined;
  const escaped: TranslationVariables = {};
  for (const [key, value] of Object.entries(variables)) {
    escaped[key] = typeof value === 'string' ? escapeHtml(value) : value;
  }
  return escaped;
}

export function translatorFor(i18n: Pick<I18n, 't'>, locale: Locale): Translate {
  return (key, variables) => i18n.t(locale, key, escapeVariables(variables));
}
