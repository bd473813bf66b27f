import { describe, expect, it } from 'vitest';
import type { VariantRun } from '../src/round';
import { type Round, type SuiteResults, summarize } from '../src/summary';
import { VARIANTS, type VariantName } from '../src/variants';

const run = (variant: VariantName, reqPerSec: number, cpuMicrosPerReq: number): VariantRun => ({
  variant,
  reqPerSec,
  cpuMicrosPerReq,
  p50Millis: 1,
  p99Millis: 2,
  rssIdleMb: 60,
  rssPeakMb: 100,
  spansPerReq: 0,
  foreignCores: 0,
  failures: 0,
});

/** A round where bare costs 20 µs, ours `ours` µs and auto 60 µs per request. */
const round = (ours: number, pressured = false): Round => ({
  bare: run('bare', 10_000, 20),
  ours: run('ours', 5_000, ours),
  ours_down: run('ours_down', 6_000, ours),
  auto: run('auto', 4_000, 60),
  pressured,
});

const results = (rounds: Round[]): SuiteResults => ({
  mode: 'test',
  rounds,
  maxForeignCores: 0.25,
  startup: { bareMillis: [100, 200], oursMillis: [150, 500] },
  pacing: { spansPerSecond: 12_000, trials: [] },
  memoryLimitMib: 256,
  client: { peakMb: 128, callsPerSecond: 99.5, memoryLimitMib: 256 },
});

describe('summarize', () => {
  it('takes medians over the kept rounds only and counts the dropped ones', () => {
    const { bench } = summarize(results([round(40), round(30), round(900, true)]));
    // (bare - ours) / (bare - auto): (20-40)/(20-60) = 0.5 and (20-30)/(20-60) = 0.25.
    expect(bench.overhead_vs_auto).toBe(0.38);
    expect(bench.req_ratio_vs_bare).toBe(0.5);
    expect(bench.rounds_kept).toBe(2);
    expect(bench.rounds_dropped).toBe(1);
    expect(bench.pressure_fallback).toBe(false);
    expect(bench.startup_ratio_vs_bare).toBe(2); // median of 1.5 and 2.5
    expect(bench.rss_peak_of_limit).toBe(0.39);
    expect(bench.client_rss_peak_of_limit).toBe(0.5);
  });

  it('falls back to every round, and says so, when none was free of pressure', () => {
    const { bench, used } = summarize(results([round(40, true), round(60, true)]));
    expect(used).toHaveLength(2);
    expect(bench.rounds_kept).toBe(0);
    expect(bench.pressure_fallback).toBe(true);
    expect(bench.overhead_vs_auto).toBe(0.75); // median of 0.5 and 1
    for (const v of VARIANTS) expect(Number.isFinite(bench[`cpu_us_per_req_${v}`])).toBe(true);
  });
});
