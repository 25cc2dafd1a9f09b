/**
 * Asks the Bot API who the bot is (getMe), bounded by `timeoutMs`, and says in one sentence what went wrong when
 * it cannot: the token refused, or Telegram not reachable. Plain fetch: callers (shopctl doctor, the bot's
 * identity lookup) need no bot around it.
 */
export type GetMeResult = { ok: true; username: string } | { ok: false; rejected: boolean; problem: string };

export async function getMe(token: string, apiRoot: string, timeoutMs = 10_000): Promise<GetMeResult> {
  let response: Response;
  let body: { ok?: boolean; result?: { username?: unknown }; description?: string };
  try {
    response = await fetch(`${apiRoot}/bot${token}/getMe`, { signal: AbortSignal.timeout(timeoutMs) });
    body = (await response.json()) as typeof body;
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : String((error as Error).cause ?? error);
    return {
      ok: false,
      rejected: false,
      problem: `the Telegram Bot API at ${apiRoot} is not reachable (${why})`,
    };
  }
  const username = body.ok ? body.result?.username : undefined;
  if (typeof username === 'string' && /^\w{1,64}$/.test(username)) return { ok: true, username };
  // Telegram answers 401 for a revoked or mistyped token and 404 for one that is not a token at all.
  const rejected = response.status === 401 || response.status === 404;
  return {
    ok: false,
    rejected,
    problem: rejected
      ? `Telegram rejected BOT_TOKEN (${response.status} ${body.description ?? response.statusText})`
      : `the Telegram Bot API at ${apiRoot} answered ${response.status} ${body.description ?? response.statusText}`,
  };
}
