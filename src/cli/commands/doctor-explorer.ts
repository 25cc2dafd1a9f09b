import type { Config } from '../../config.js';
import type { Check } from './doctor-security.js';

/** Long enough for a public explorer across the world, short enough for a command someone waits on. */
const EXPLORER_TIMEOUT_MS = 5000;

/**
 * Asks the block explorer for the chain's tip, so a wrong BTC_ESPLORA_URL or an explorer that is down shows before
 * Bitcoin payments go unseen. Being rate limited is only a warning: the explorer is there, and the watcher backs off.
 */
export async function explorerCheck(config: Config, timeoutMs = EXPLORER_TIMEOUT_MS): Promise<Check> {
  const url = config.esploraUrl;
  if (!url) {
    return {
      check: 'explorer',
      status: 'ok',
      detail: 'BTC_ESPLORA_URL is not set: Bitcoin payments are not watched, so confirm them by hand',
    };
  }
  // Loaded here, not with the command list, so that help and other commands never load the payments code.
  const { createEsploraClient, ProviderError } = await import('../../payments/esplora-client.js');
  try {
    const tip = await createEsploraClient(url, { timeoutMs }).tipHeight();
    return { check: 'explorer', status: 'ok', detail: `${url} answers (block height ${tip})` };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return {
      check: 'explorer',
      status: error.kind === 'rate_limited' ? 'warn' : 'fail',
      detail: `the block explorer at ${url} did not give the block height (${error.message}); Bitcoin payments are not seen until it does`,
    };
  }
}
