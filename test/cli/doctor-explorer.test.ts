import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explorerCheck } from '../../src/cli/commands/doctor-explorer.js';
import { createConfig } from '../../src/config.js';
import { type FakeEsplora, startFakeEsplora } from '../support/fake-esplora.js';

let esplora: FakeEsplora;
beforeAll(async () => {
  esplora = await startFakeEsplora();
});
afterAll(() => esplora.close());

const withExplorer = (url: string) => createConfig({ BTC_ESPLORA_URL: url });

/** A port nothing listens on: bound once by the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('doctor: the block explorer', () => {
  it('is ok when it gives the block height, and says in one sentence when it is not configured', async () => {
    expect(await explorerCheck(withExplorer(esplora.url))).toEqual({
      check: 'explorer',
      status: 'ok',
      detail: `${esplora.url} answers (block height ${esplora.tip})`,
    });
    expect(await explorerCheck(createConfig({}))).toEqual({
      check: 'explorer',
      status: 'ok',
      detail: 'BTC_ESPLORA_URL is not set: Bitcoin payments are not watched, so confirm them by hand',
    });
  });

  it('fails, naming the explorer and why, when it is down, slow, broken or not an explorer', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const down = await explorerCheck(withExplorer(url));
    expect(down.status).toBe('fail');
    expect(down.detail).toMatch(
      new RegExp(
        `^the block explorer at ${url} did not give the block height \\(cannot reach the explorer: .+\\); Bitcoin payments are not seen until it does$`,
      ),
    );

    esplora.failNext(503, 1);
    expect(await explorerCheck(withExplorer(esplora.url))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('(HTTP 503)'),
    });

    esplora.delayMs = 1000;
    try {
      expect(await explorerCheck(withExplorer(esplora.url), 100)).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('(no answer within 100 ms)'),
      });
    } finally {
      esplora.delayMs = 0;
    }

    // A server that answers, but not like an Esplora API (a wrong path in the URL).
    expect(await explorerCheck(withExplorer(`${esplora.url}/wrong`))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('(HTTP 404)'),
    });
  });

  it('only warns while the explorer limits our requests', async () => {
    esplora.failNext(429, 1, 30);
    expect(await explorerCheck(withExplorer(esplora.url))).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('(HTTP 429)'),
    });
  });
});
