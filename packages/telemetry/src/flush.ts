import { shortReason } from './failure-reason.js';
import { reportedErrors } from './reporting-exporters.js';

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
 * Returns one short problem per signal that failed (empty when all went well).
 */
export async function settleBoth(
  work: Record<Signal, () => Promise<void>>,
  millis: number,
  { includeReported }: { includeReported: boolean },
): Promise<string[]> {
  const signals: Signal[] = ['traces', 'metrics'];
  const outcomes = await Promise.allSettled(
    signals.map((signal) => within(work[signal](), millis)),
  );
  return outcomes.flatMap((outcome, i) => {
    if (outcome.status === 'fulfilled') return [];
    // TracerProvider.forceFlush rejects with an array: one entry per span processor.
    const error: unknown = Array.isArray(outcome.reason) ? outcome.reason[0] : outcome.reason;
    const alreadyReported =
      typeof error === 'object' && error !== null && reportedErrors.has(error);
    return alreadyReported && !includeReported ? [] : [`${signals[i]}: ${shortReason(error)}`];
  });
}
