import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from 'pino';
import { type AddressFileSync, syncAddressFile } from '../btc/address-file.js';
import type { BtcService } from '../btc/btc.service.js';

export interface AddressWatcherOptions {
  file: string;
  btc: BtcService;
  logger: Logger;
  /** Changes within this window are coalesced into one reload, on the trailing edge. */
  debounceMs?: number;
}

export interface AddressWatcher {
  /** Resolves once the watcher is listening. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Loads the address file at start and again after every change. It watches the file's folder rather than the
 * file, so editors that save by writing a new file and renaming it over the old one, and a file deleted and
 * created again (or absent at start), are all seen.
 */
export function watchAddressFile(options: AddressWatcherOptions): AddressWatcher {
  const file = resolve(options.file);
  const logger = options.logger.child({ job: 'address-file', file });
  const debounceMs = options.debounceMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const report = (result: AddressFileSync) => {
    if (result.missing) {
      logger.warn('address file not found; waiting for it to appear');
      return;
    }
    for (const bad of result.invalid) {
      logger.warn(
        { line: bad.line, text: bad.text },
        'invalid Bitcoin address in address file; line skipped',
      );
    }
    logger.info(
      { added: result.added, known: result.known, invalid: result.invalid.length },
      'address file loaded',
    );
  };

  // Reloads run one after another, never overlapping.
  const reload = () => {
    running = running
      .then(() => syncAddressFile(options.btc, file))
      .then(report, (error: unknown) => logger.error({ err: error }, 'loading the address file failed'));
    return running;
  };

  // A folder that does not exist is never watched, not even once it is created: say so instead of waiting silently.
  if (!existsSync(dirname(file))) {
    logger.error(
      { folder: dirname(file) },
      "the address file's folder does not exist; create it, then restart the shop",
    );
  }
  const watcher = watch(dirname(file), {
    depth: 0,
    ignoreInitial: true,
    ignored: (path) => path !== dirname(file) && basename(path) !== basename(file),
  });
  watcher.on('all', (_event, path) => {
    if (resolve(path) !== file) return;
    clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (error) => logger.error({ err: error }, 'address file watcher error'));

  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  reload();

  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
