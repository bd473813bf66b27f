/** The demo's time: since its start, until Ctrl-C or the end of `--duration` once it runs. */
export interface Clock {
  /** `12.3 s` since the demo started. */
  elapsed(): string;
  /** Ctrl-C was pressed or the duration is over. */
  over(): boolean;
  signal: AbortSignal;
  deadline: number;
}

/** `durationSeconds` counts from now; `elapsed` from `started` (the demo's start, in ms). */
export function demoClock(signal: AbortSignal, started: number, durationSeconds?: number): Clock {
  const deadline =
    durationSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + durationSeconds * 1000;
  return {
    elapsed: () => `${((Date.now() - started) / 1000).toFixed(1)} s`,
    over: () => signal.aborted || Date.now() >= deadline,
    signal,
    deadline,
  };
}

/** Waits `ms`, less if Ctrl-C comes or the duration ends first. */
export function pause(clock: Clock, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, Math.min(ms, clock.deadline - Date.now())));
    function done() {
      clearTimeout(timer);
      clock.signal.removeEventListener('abort', done);
      resolve();
    }
    clock.signal.addEventListener('abort', done);
  });
}
