/** When this process last reached the Telegram Bot API, and the last call that failed: for /health. */
export interface TelegramStatus {
  lastOkAt: Date | undefined;
  lastError: { at: Date; method: string; message: string } | undefined;
  succeeded(at: Date): void;
  failed(at: Date, method: string, message: string): void;
}

export function createTelegramStatus(): TelegramStatus {
  const status: TelegramStatus = {
    lastOkAt: undefined,
    lastError: undefined,
    succeeded(at) {
      status.lastOkAt = at;
    },
    failed(at, method, message) {
      status.lastError = { at, method, message };
    },
  };
  return status;
}
