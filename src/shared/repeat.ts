/** A job that runs in the background until stopped. */
export interface Repeater {
  start(): void;
  /** Stops scheduling and waits for a pass that is running. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` now and again after the delay (ms) each pass returns, one pass at a time. A pass decides its own
 * back-off and must not throw: it turns its failures into a longer delay.
 */
export function repeat(pass: () => Promise<number>): Repeater {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().then(schedule);
    }, delay);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
