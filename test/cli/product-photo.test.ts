import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../bot/harness.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';
import { OWNER_ID, productRow, unique, useTestShop } from '../support/shop.js';
import type { TestDatabase } from '../support/test-database.js';
import { type CliShop, createCliShop } from './support/cli.js';

let t: TestDatabase;
let api: FakeBotApiServer;
let shop: CliShop;
let dir: string;
useTestShop((created) => {
  t = created.t;
});

// The smallest PNG header Telegram would sniff as an image; the fake API only records the upload.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  api = await startFakeBotApi();
  shop = createCliShop(t.db, { BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.url });
  dir = await mkdtemp(join(tmpdir(), 'product-photo-'));
  await writeFile(join(dir, 'tea.png'), PNG);
  await writeFile(join(dir, 'notes.txt'), 'not an image');
});
afterAll(() => api?.close());

async function newProductWith(description: string) {
  const category = unique('category');
  await shop.services.catalog.addCategory(category);
  return shop.services.catalog.addProduct({
    category,
    name: unique('tea'),
    price: 900,
    stock: 5,
    description,
  });
}

describe('product photo', () => {
  it('uploads the photo once through the owner’s chat and the card shows it with a caption within 1,024', async () => {
    const product = await newProductWith('Long leaves. '.repeat(300));
    const uploaded = await shop.run(['product', 'photo', String(product.id), join(dir, 'tea.png'), '--json']);
    expect(uploaded.code).toBe(0);
    expect(uploaded.json()).toMatchObject({ id: product.id, photo: true });
    const uploads = api.fake.callsTo(OWNER_ID, 'sendPhoto');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.payload.photo).toBe('<uploaded file>');
    expect((await productRow(shop, product.id)).photo_file_id).toBe('photo');
    expect((await shop.run(['product', 'show', String(product.id)])).stdout).toMatch(/Photo\W+yes/);

    // The bot sends the kept file id, not the file: no second upload.
    await shop.services.settings.set('reference_codes_enabled', 'false');
    const h = createHarness(shop);
    const chat = h.chat(73_001);
    await chat.join();
    await chat.press('Shop');
    await chat.press(product.category);
    await chat.press(product.name);
    const card = h.fake.callsTo(chat.id, 'sendPhoto').at(-1);
    expect(card?.payload.photo).toBe('photo');
    const caption = card?.payload.caption as string;
    expect(caption).toContain(product.name);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(api.fake.callsTo(OWNER_ID, 'sendPhoto')).toHaveLength(1);

    const removed = await shop.run(['product', 'photo', product.name, '--remove']);
    expect(removed.stdout).toBe(`Product "${product.name}" has no photo now.\n`);
    expect((await productRow(shop, product.id)).photo_file_id).toBeNull();
  });

  it('refuses what is not a photo, a missing file, both a file and --remove, and a shop without a bot', async () => {
    const product = await newProductWith('');
    const text = await shop.run(['product', 'photo', String(product.id), join(dir, 'notes.txt')]);
    expect([text.code, text.stderr]).toEqual([1, 'The file is not a JPEG, PNG or WebP image.\n']);
    const missing = await shop.run(['product', 'photo', String(product.id), join(dir, 'nope.jpg')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file');
    const both = await shop.run(['product', 'photo', String(product.id), join(dir, 'tea.png'), '--remove']);
    expect(both.code).toBe(2);
    const botless = await createCliShop(t.db).run([
      'product',
      'photo',
      String(product.id),
      join(dir, 'tea.png'),
    ]);
    expect(botless.code).toBe(1);
    expect(botless.stderr).toContain('BOT_TOKEN');
    expect((await shop.run(['product', 'photo', '99999', join(dir, 'tea.png')])).code).toBe(1);
    expect((await productRow(shop, product.id)).photo_file_id).toBeNull();
  });
});
