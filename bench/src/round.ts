import type { Collector } from './collector.js';
import { freePort } from './free-port.js';
import { loadHello } from './load.js';
import { watchPressure } from './pressure.js';
import { MICROS_PER_TICK, processCpuTicks, processMemoryMb } from './proc.js';
import { start, waitFor200 } from './processes.js';
import { type Endpoints, EXPORTING, type VariantName, variantCommand } from './variants.js';

export interface RunSettings {
  warmupSeconds: number;
  seconds: number;
  /** How long the started server sits before its idle memory is read. */
  idleMillis: number;
}

/** One variant's measurements within one round. */
export interface VariantRun {
  variant: VariantName;
  reqPerSec: number;
  cpuMicrosPerReq: number;
  p50Millis: number;
  p99Millis: number;
  rssIdleMb: number;
  rssPeakMb: number;
  /** Spans the Collector accepted per request answered (0 when nothing reached it). */
  spansPerReq: number;
  /** Cores the rest of the machine used during the measured load. */
  foreignCores: number;
  /** Failed connections and non-2xx answers during the measured load. */
  failures: number;
}

/**
 * Starts a fresh server of one variant, measures its idle memory, warms it up, then loads it while
 * reading its CPU time from /proc; stops it (letting it flush) and counts the spans that arrived.
 */
export async function runVariant(
  variant: VariantName,
  endpoints: Endpoints,
  collector: Collector,
  { warmupSeconds, seconds, idleMillis }: RunSettings,
): Promise<VariantRun> {
  const port = await freePort();
  const { script, env } = variantCommand(variant, port, endpoints);
  const server = start(process.execPath, [script], env);
  try {
    await waitFor200(server, port, '/healthz');
    await new Promise((resolve) => setTimeout(resolve, idleMillis));
    const rssIdleMb = processMemoryMb(server.pid).rss;
    const spansBefore = await collector.acceptedSpans();
    const warmup = await loadHello(port, warmupSeconds);

    const pressure = watchPressure(() => [server.pid, collector.pid, 'self']);
    const cpuBefore = processCpuTicks(server.pid);
    const load = await loadHello(port, seconds);
    const cpuTicks = processCpuTicks(server.pid) - cpuBefore;
    const { foreignCores } = pressure.stop();
    const rssPeakMb = processMemoryMb(server.pid).peak;
    if (load.ok === 0) throw new Error(`no 2xx answer under load: ${server.output()}`);

    await server.stop();
    const exporting = EXPORTING.includes(variant);
    const spans = exporting ? (await collector.settledSpans()) - spansBefore : 0;
    if (exporting && spans === 0) {
      throw new Error(`the Collector received no span from it: ${server.output()}`);
    }
    return {
      variant,
      reqPerSec: load.answered / load.seconds,
      cpuMicrosPerReq: (cpuTicks * MICROS_PER_TICK) / load.answered,
      p50Millis: load.p50Millis,
      p99Millis: load.p99Millis,
      rssIdleMb,
      rssPeakMb,
      spansPerReq: spans / (warmup.answered + load.answered),
      foreignCores,
      failures: load.errors + load.answered - load.ok,
    };
  } catch (error) {
    throw new Error(`${variant}: ${(error as Error).message}`);
  } finally {
    await server.stop();
  }
}
