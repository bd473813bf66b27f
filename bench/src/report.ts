import { cpus } from 'node:os';
import { median } from './stats.js';
import type { SuiteResults, Summary } from './summary.js';
import { LABELS, VARIANTS } from './variants.js';

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The human-readable table, then the machine-readable `BENCH {...}` line, last. */
export function report(results: SuiteResults, summary: Summary): string[] {
  const { bench, variants, used } = summary;
  const kept = Number(bench.rounds_kept);
  const lines = [
    `tracing-lab bench (${results.mode}), ${new Date().toISOString().slice(0, 16)}Z, ` +
      `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`,
    `paired rounds: ${kept} kept, ${results.rounds.length - kept} dropped ` +
      `(other work used more than ${results.maxForeignCores} cores during the load)`,
  ];
  if (kept === 0) {
    lines.push(
      `WARNING: no round ran free of CPU pressure; the figures below come from all ${used.length} ` +
        'pressured rounds and only their ratios are indicative',
    );
  }
  const header = [
    'variant'.padEnd(40),
    'req/s'.padStart(8),
    'ratio'.padStart(6),
    'CPU µs/req'.padStart(11),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'RSS idle'.padStart(9),
    'RSS peak'.padStart(9),
    'spans/req'.padStart(10),
    'other CPU'.padStart(10),
  ];
  lines.push('', header.join(' '));
  for (const v of VARIANTS) {
    const m = variants[v];
    lines.push(
      [
        LABELS[v].padEnd(40),
        fixed(m.reqPerSec).padStart(8),
        fixed(m.reqRatioVsBare, 2).padStart(6),
        fixed(m.cpuMicrosPerReq, 1).padStart(11),
        fixed(m.p50Millis, 1).padStart(7),
        fixed(m.p99Millis, 1).padStart(7),
        `${fixed(m.rssIdleMb)} MiB`.padStart(9),
        `${fixed(m.rssPeakMb)} MiB`.padStart(9),
        fixed(m.spansPerReq, 2).padStart(10),
        `${fixed(m.foreignCores, 2)} c`.padStart(10),
      ].join(' '),
    );
  }
  const { bareMillis, oursMillis } = results.startup;
  const trials = results.pacing.trials
    .map((t) => `${fixed(t.achievedRate)}/s ${t.dropped === 0 ? 'ok' : `-${t.dropped}`}`)
    .join(', ');
  lines.push(
    '',
    `ratio: req/s over bare's in the same round; CPU per request from /proc/<pid>/stat of the server;`,
    'RSS peak: VmHWM after the load; other CPU: cores used by the rest of the machine meanwhile.',
    `failed requests (errors, timeouts, non-2xx) over all rounds: ${bench.failed_requests}`,
    `overhead vs auto, (bare - ours) / (bare - auto) on CPU per request: ${bench.overhead_vs_auto}`,
    `startup to the first 200 on /healthz: bare ${fixed(median(bareMillis))} ms, ours ` +
      `${fixed(median(oursMillis))} ms, ratio ${bench.startup_ratio_vs_bare} (${bareMillis.length} pairs)`,
    `spans/s exported by one process with zero drops (paced, counted by the Collector): ` +
      `${bench.spans_per_s_zero_drop} [trials: ${trials}]`,
    `memory under load: our server peaked at ${bench.rss_peak_worst_mb} MiB, ` +
      `${fixed(Number(bench.rss_peak_of_limit) * 100)} % of its pod's ${bench.memory_limit_mb} MiB limit ` +
      '(kustomize/base/server)',
    `memory under load: our client peaked at ${bench.client_rss_peak_mb} MiB, ` +
      `${fixed(Number(bench.client_rss_peak_of_limit) * 100)} % of its pod's ` +
      `${bench.client_memory_limit_mb} MiB limit (kustomize/base/client), ` +
      `at ${fixed(Number(bench.client_calls_per_s))} calls/s`,
    `BENCH ${JSON.stringify(bench)}`,
  );
  return lines;
}
