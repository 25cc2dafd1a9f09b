import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError, HttpError } from 'grammy';
import { afterAll, describe, expect, it } from 'vitest';
import { API_POLICY, applyApiPolicy } from '../../src/bot/api-policy.js';
import { FAKE_TOKEN, type FakeBotApiServer, startFakeBotApi } from '../support/fake-bot-api.js';

/** The bot's API client against a misbehaving local Bot API: every call ends, and 429s are waited out. */

const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

function client(apiRoot: string, policy: Partial<typeof API_POLICY> = {}): Api {
  const api = new Api(FAKE_TOKEN, { apiRoot });
  applyApiPolicy(api, { ...API_POLICY, ...policy });
  return api;
}

async function fakeApi(): Promise<FakeBotApiServer> {
  const server = await startFakeBotApi();
  closers.push(() => server.close());
  return server;
}

const sends = (server: FakeBotApiServer) => server.fake.calls.filter((c) => c.method === 'sendMessage');

describe('the API policy', () => {
  it('waits out a 429 for retry_after seconds and then delivers', async () => {
    const server = await fakeApi();
    server.fake.fail({
      method: 'sendMessage',
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      times: 1,
    });
    const started = Date.now();
    const sent = await client(server.url).sendMessage(1, 'hello');
    expect(sent.text).toBe('hello');
    expect(sends(server).map((c) => c.failed)).toEqual([429, undefined]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up on a 429 asking for longer than the policy waits, with the error', async () => {
    const server = await fakeApi();
    server.fake.fail({
      method: 'sendMessage',
      error_code: 429,
      description: 'Too Many Requests',
      retry_after: 600,
    });
    const started = Date.now();
    const error = await client(server.url)
      .sendMessage(1, 'hello')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(429);
    expect(sends(server)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('ends a call that gets no answer at the per-call deadline', async () => {
    const server = await fakeApi();
    const stalled = server.hold((call) => call.method === 'sendMessage');
    closers.push(async () => stalled.release());
    const started = Date.now();
    const error = await client(server.url, { callDeadlineSeconds: 1 })
      .sendMessage(1, 'hello')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(5000);
    await stalled.reached;
  });

  it('retries a dropped connection a bounded number of times, then reports it', async () => {
    let connections = 0;
    const server = createServer((request) => {
      connections += 1;
      request.socket.destroy();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(async () => {
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await client(url)
      .sendMessage(1, 'hello')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(connections).toBe(API_POLICY.networkAttempts);
  });
});
