import type { Trial } from './pacing.js';
import type { VariantRun } from './round.js';
import { median } from './stats.js';
import { VARIANTS, type VariantName } from './variants.js';

export type Round = Record<VariantName, VariantRun> & { pressured: boolean };

export interface SuiteResults {
  mode: string;
  rounds: Round[];
  maxForeignCores: number;
  startup: { bareMillis: number[]; oursMillis: number[] };
  pacing: { spansPerSecond: number; trials: Trial[] };
  memoryLimitMib: number;
  /** Our client at full load: its peak RSS and its pod's memory limit (MiB). */
  client: { peakMb: number; callsPerSecond: number; memoryLimitMib: number };
}

export type VariantMedians = Omit<VariantRun, 'variant' | 'failures'> & { reqRatioVsBare: number };

export interface Summary {
  variants: Record<VariantName, VariantMedians>;
  /** The rounds the medians come from: the kept ones, or all when none was kept. */
  used: Round[];
  bench: Record<string, number | string | boolean | null>;
}

const round2 = (n: number) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : null);

/** Medians over the paired rounds; ratios are taken within each round, then their median. */
export function summarize(results: SuiteResults): Summary {
  const kept = results.rounds.filter((r) => !r.pressured);
  const used = kept.length > 0 ? kept : results.rounds;
  const over = (pick: (r: Round) => number) => median(used.map(pick));
  const variants = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      {
        reqPerSec: over((r) => r[v].reqPerSec),
        reqRatioVsBare: over((r) => r[v].reqPerSec / r.bare.reqPerSec),
        cpuMicrosPerReq: over((r) => r[v].cpuMicrosPerReq),
        p50Millis: over((r) => r[v].p50Millis),
        p99Millis: over((r) => r[v].p99Millis),
        rssIdleMb: over((r) => r[v].rssIdleMb),
        rssPeakMb: over((r) => r[v].rssPeakMb),
        spansPerReq: over((r) => r[v].spansPerReq),
        foreignCores: over((r) => r[v].foreignCores),
      },
    ]),
  ) as Record<VariantName, VariantMedians>;

  // (bare - ours) / (bare - auto) on CPU per request: 1 means ours costs what auto costs.
  const overheadVsAuto = over((r) => {
    const auto = r.bare.cpuMicrosPerReq - r.auto.cpuMicrosPerReq;
    return auto === 0 ? Number.NaN : (r.bare.cpuMicrosPerReq - r.ours.cpuMicrosPerReq) / auto;
  });
  const startupRatio = median(
    results.startup.oursMillis.map((ours, i) => ours / (results.startup.bareMillis[i] ?? 0)),
  );
  // Memory under load: the worst peak of our server in any round, against its pod's limit.
  const worstPeak = Math.max(
    ...results.rounds.flatMap((r) => [r.ours.rssPeakMb, r.ours_down.rssPeakMb]),
  );

  return {
    variants,
    used,
    bench: {
      mode: results.mode,
      req_ratio_vs_bare: round2(variants.ours.reqRatioVsBare),
      overhead_vs_auto: round2(overheadVsAuto),
      spans_per_s_zero_drop: Math.round(results.pacing.spansPerSecond),
      rss_peak_mb: round2(variants.ours.rssPeakMb),
      rss_idle_mb: round2(variants.ours.rssIdleMb),
      startup_ratio_vs_bare: round2(startupRatio),
      rounds_kept: kept.length,
      failed_requests: results.rounds.reduce(
        (sum, r) => sum + VARIANTS.reduce((n, v) => n + r[v].failures, 0),
        0,
      ),
      rounds_dropped: results.rounds.length - kept.length,
      pressure_fallback: kept.length === 0,
      req_ratio_down_vs_bare: round2(variants.ours_down.reqRatioVsBare),
      req_ratio_auto_vs_bare: round2(variants.auto.reqRatioVsBare),
      cpu_us_per_req_bare: round2(variants.bare.cpuMicrosPerReq),
      cpu_us_per_req_ours: round2(variants.ours.cpuMicrosPerReq),
      cpu_us_per_req_ours_down: round2(variants.ours_down.cpuMicrosPerReq),
      cpu_us_per_req_auto: round2(variants.auto.cpuMicrosPerReq),
      rss_peak_worst_mb: round2(worstPeak),
      memory_limit_mb: round2(results.memoryLimitMib),
      rss_peak_of_limit: round2(worstPeak / results.memoryLimitMib),
      client_rss_peak_mb: round2(results.client.peakMb),
      client_calls_per_s: round2(results.client.callsPerSecond),
      client_memory_limit_mb: round2(results.client.memoryLimitMib),
      client_rss_peak_of_limit: round2(results.client.peakMb / results.client.memoryLimitMib),
    },
  };
}
