import { once } from 'node:events';
import type { Collector } from './collector.js';
import { start } from './processes.js';
import { PUMP_BIN } from './variants.js';

export interface PacingSettings {
  startRate: number;
  trialSeconds: number;
  maxTrials: number;
}

export interface Trial {
  targetRate: number;
  /** Spans per second the pump really created (lower than the target when its CPU ran out). */
  achievedRate: number;
  created: number;
  dropped: number;
}

/**
 * The highest rate of spans one process exports with none lost: a pump using our telemetry setup
 * creates spans at a paced rate, and the Collector's own metrics say how many arrived. The rate
 * doubles until spans go missing (or the pump cannot go faster), then is bisected.
 */
export async function zeroDropRate(
  collector: Collector,
  { startRate, trialSeconds, maxTrials }: PacingSettings,
  progress: (line: string) => void,
): Promise<{ spansPerSecond: number; trials: Trial[] }> {
  const trials: Trial[] = [];
  let [good, bad] = [0, Number.POSITIVE_INFINITY];
  let best = 0;
  let rate = startRate;
  while (trials.length < maxTrials) {
    const trial = await runTrial(collector, rate, trialSeconds);
    trials.push(trial);
    progress(
      `pacing ${rate} spans/s: created ${trial.achievedRate.toFixed(0)}/s, dropped ${trial.dropped}`,
    );
    const saturated = trial.achievedRate < 0.9 * rate;
    if (trial.dropped === 0) best = Math.max(best, trial.achievedRate);
    if (trial.dropped === 0 && !saturated) good = rate;
    else bad = rate;
    if (trial.dropped === 0 && saturated) break; // the pump's CPU is the limit, not the export
    rate = Number.isFinite(bad) ? Math.round((good + bad) / 2) : rate * 2;
    if (bad - good <= Math.max(good, startRate) * 0.1) break;
  }
  return { spansPerSecond: best, trials };
}

async function runTrial(collector: Collector, rate: number, seconds: number): Promise<Trial> {
  const before = await collector.acceptedSpans();
  const pump = start(process.execPath, [PUMP_BIN], {
    PATH: process.env.PATH,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    SPANS_PER_SECOND: String(rate),
    SECONDS: String(seconds),
  });
  // Bounded: a pump that never finishes is stopped and reported.
  const deadline = setTimeout(() => void pump.stop(0), (seconds + 30) * 1000);
  const [code] = await once(pump.child, 'close'); // after 'exit': its output is all read
  clearTimeout(deadline);
  const summary = /^\{"created".*\}$/m.exec(pump.output())?.[0];
  if (code !== 0 || !summary) throw new Error(`span pump failed (exit ${code}): ${pump.output()}`);
  const { created, seconds: elapsed } = JSON.parse(summary) as { created: number; seconds: number };
  const accepted = (await collector.settledSpans()) - before;
  return {
    targetRate: rate,
    achievedRate: created / elapsed,
    created,
    dropped: Math.max(0, created - accepted),
  };
}
