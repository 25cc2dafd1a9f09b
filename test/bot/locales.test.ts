import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { bitcoinUri, qrPng } from '../../src/messages/bitcoin.js';

// jsqr is CommonJS whose types describe an ES default export; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

import { LOCALES_DIR, pickLocale } from '../../src/messages/i18n.js';

const keysOf = (file: string) =>
  new Set(
    readFileSync(join(LOCALES_DIR, file), 'utf8')
      .split('\n')
      .map((line) => /^([a-z][a-z0-9-]*) =/.exec(line)?.[1])
      .filter((k): k is string => Boolean(k)),
  );

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('locales', () => {
  it('English and Russian have the same messages', () => {
    expect([...keysOf('ru.ftl')].sort()).toEqual([...keysOf('en.ftl')].sort());
  });

  it('every message the code names exists', () => {
    const en = keysOf('en.ftl');
    const used = new Set<string>();
    for (const file of [...sourceFiles('src/bot'), 'src/jobs/outbox-worker.ts']) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z][a-z0-9-]*)'/g))
        used.add(match[1] as string);
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'((?:checkout|order|cart|product|menu|refs|help|join|notify|error)-[a-z0-9-]+)'/g,
      )) {
        used.add(match[1] as string);
      }
    }
    for (const reason of ['not-found', 'expired', 'disabled', 'used-up', 'own-code', 'already-joined'])
      used.add(`join-code-${reason}`);
    for (const command of ['start', 'menu', 'help', 'cancel']) used.add(`command-${command}`);
    expect([...used].filter((key) => !en.has(key))).toEqual([]);
  });

  it('picks the user’s language when we have it, else the default', () => {
    expect(pickLocale('ru', 'en')).toBe('ru');
    expect(pickLocale('ru-RU', 'en')).toBe('ru');
    expect(pickLocale('EN_gb', 'ru')).toBe('en');
    expect(pickLocale('de', 'ru')).toBe('ru');
    expect(pickLocale(undefined, 'en')).toBe('en');
  });
});

describe('BIP21', () => {
  it('builds bitcoin: URIs with the amount only when it is locked', () => {
    expect(bitcoinUri('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 25_000)).toBe(
      'bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00025',
    );
    expect(bitcoinUri('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 150_000_000)).toBe(
      'bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=1.5',
    );
    expect(bitcoinUri('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', null)).toBe(
      'bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    );
  });

  it('renders the URI as a PNG QR code that decodes back to the same URI', async () => {
    const uri = 'bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=1.5';
    const image = PNG.sync.read(await qrPng(uri));
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(uri);
  });
});
