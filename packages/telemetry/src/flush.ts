type Signal = 'traces' | 'metrics';

function within(promise: Promise<void>, millis: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${millis} ms`)), millis);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs one flush/shutdown per signal in parallel, never longer than `millis`, and never rejects:
 * a collector that is down must not turn a clean exit into a crash or a hang.
 * Returns the error of each signal that failed (empty when all went well).
 */
export async function settleBoth(
  work: Record<Signal, () => Promise<void>>,
  millis: number,
): Promise<Array<{ signal: Signal; error: unknown }>> {
  const signals: Signal[] = ['traces', 'metrics'];
  const outcomes = await Promise.allSettled(
    signals.map((signal) => within(work[signal](), millis)),
  );
  return outcomes.flatMap((outcome, i) => {
    if (outcome.status === 'fulfilled') return [];
    // TracerProvider.forceFlush rejects with an array: one entry per span processor.
    const error: unknown = Array.isArray(outcome.reason) ? outcome.reason[0] : outcome.reason;
    return [{ signal: signals[i] as Signal, error }];
  });
}
