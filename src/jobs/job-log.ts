/**
 * What the jobs of this process did last: their durations feed /metrics and their last run /health. Jobs report
 * here instead of to a metrics library, so they stay free of the HTTP side.
 */

export interface JobRun {
  job: string;
  startedAt: Date;
  seconds: number;
  ok: boolean;
  error?: string;
}

export interface JobLog {
  record(run: JobRun): void;
  /** The last run of each job in this process. */
  last(): JobRun[];
  /** Called on every run, after it is recorded (the metrics' histogram). */
  onRun(listener: (run: JobRun) => void): void;
}

export function createJobLog(): JobLog {
  const latest = new Map<string, JobRun>();
  const listeners: Array<(run: JobRun) => void> = [];
  return {
    record(run) {
      latest.set(run.job, run);
      for (const listener of listeners) listener(run);
    },
    last: () => [...latest.values()],
    onRun(listener) {
      listeners.push(listener);
    },
  };
}

/** Runs one pass of `job`, recording its duration and outcome; the pass's own result or error passes through. */
export async function timed<T>(log: JobLog | undefined, job: string, work: () => Promise<T>): Promise<T> {
  const startedAt = new Date();
  const started = performance.now();
  const done = (ok: boolean, error?: unknown) =>
    log?.record({
      job,
      startedAt,
      seconds: (performance.now() - started) / 1000,
      ok,
      ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
    });
  try {
    const value = await work();
    done(true);
    return value;
  } catch (error) {
    done(false, error);
    throw error;
  }
}
