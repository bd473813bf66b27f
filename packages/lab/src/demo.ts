import { join } from 'node:path';
import type { Binaries } from './binaries/index.js';
import { type Cluster, type ClusterEvent, startCluster } from './cluster.js';
import { jaegerApi } from './jaeger-api.js';
import type { PortForward } from './port-forward.js';
import { renderOverlay } from './render.js';
import { slowestTrace } from './trace-command.js';
import { renderWaterfall } from './waterfall.js';

export interface DemoOptions {
  repoRoot: string;
  overlay: string;
  /** Finds or builds the Collector and Jaeger, reporting progress lines. */
  binaries: (onProgress: (line: string) => void) => Promise<Binaries>;
  /** The local port for Jaeger (query API and UI); another one is picked when it is busy. */
  jaegerPort?: number;
  /** Stop by itself after this many seconds; by default run until `signal` aborts. */
  durationSeconds?: number;
  signal: AbortSignal;
  print?: (line: string) => void;
}

/**
 * `tracing-lab demo`: the overlay run locally, with what is happening and where to look.
 * @example await runDemo({ repoRoot, overlay: 'solution', binaries, signal: controller.signal });
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { repoRoot, overlay, signal, print = console.log } = options;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const binaries = await options.binaries((line) => print(`  ${line}`));
  print(`Collector: ${binaries.otelcol}\nJaeger:    ${binaries.jaeger}`);
  const render = await renderOverlay(join(repoRoot, 'kustomize', 'overlays', overlay));
  print(
    `Starting the ${overlay} overlay: ${render.deployments.map((d) => d.metadata.name).join(', ')}`,
  );
  const programs = {
    otelcol: binaries.otelcol,
    jaeger: binaries.jaeger,
    node: process.execPath,
    repoRoot,
  };
  let cluster: Cluster | undefined;
  let forward: PortForward | undefined;
  try {
    cluster = await startCluster(render, {
      programs,
      onEvent: describe(print),
      maxGraceMs: 10_000,
    });
    print(`  logs: ${cluster.logDir}`);
    await cluster.waitReady(120_000, signal);
    // Ctrl-C during start-up: stop what is already running, through the finally below.
    if (signal.aborted) return;
    print(`All pods Ready after ${elapsed()}.`);
    forward = await forwardJaeger(cluster, options.jaegerPort ?? 16686, print);
    print(`Jaeger UI:        ${forward.url}/`);
    print(`Jaeger query API: ${forward.url}/api/traces?service=client&limit=20`);
    if (!binaries.jaegerHasUI) {
      print(
        '  (this Jaeger was built from its Go module: it serves a placeholder page instead of the UI;',
      );
      print(
        '   the query API works. For the UI, point TRACING_LAB_JAEGER at a Jaeger release binary.)',
      );
    }
    print('Press Ctrl-C to stop.');
    await countTraces(jaegerApi(forward.url), {
      signal,
      durationSeconds: options.durationSeconds,
      print,
      elapsed,
    });
  } finally {
    print('Stopping...');
    await forward?.close();
    await cluster?.stop();
    print('Stopped: every process, namespace and file of the run is removed.');
  }
}

async function forwardJaeger(cluster: Cluster, port: number, print: (line: string) => void) {
  try {
    return await cluster.portForward('svc/jaeger', 16686, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const forward = await cluster.portForward('svc/jaeger', 16686, 0);
    print(`Port ${port} is busy: Jaeger is on port ${forward.port} instead.`);
    return forward;
  }
}

/** A line every 5 s with the number of traces in Jaeger, until aborted or the duration is over. */
async function countTraces(
  jaeger: ReturnType<typeof jaegerApi>,
  options: {
    signal: AbortSignal;
    durationSeconds: number | undefined;
    print: (line: string) => void;
    elapsed: () => string;
  },
) {
  const { signal, durationSeconds, print, elapsed } = options;
  const deadline =
    durationSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + durationSeconds * 1000;
  let firstSeen = false;
  let waterfallShown = false;
  let lastLine = 0;
  while (!signal.aborted && Date.now() < deadline) {
    const count = await jaeger.traces('client', { limit: 2000 }).then(
      (t) => t.length,
      () => undefined,
    );
    if (count && !firstSeen) {
      firstSeen = true;
      print(`First trace visible in Jaeger ${elapsed()} after start.`);
    } else if (firstSeen && !waterfallShown) {
      // Once a trace is whole: every service batches its spans before exporting them.
      const trace = await slowestTrace(jaeger, { lookback: '5m', settledOnly: true }).catch(
        () => undefined,
      );
      if (trace) {
        waterfallShown = true;
        print(
          `The slowest trace so far (tracing-lab trace <id> shows any other):\n${renderWaterfall(trace)}`,
        );
      }
    }
    if (Date.now() - lastLine >= 5000) {
      print(
        `Traces in Jaeger (service client): ${count === undefined ? 'query failed' : count === 2000 ? '2000+' : count}`,
      );
      lastLine = Date.now();
    }
    await wait(firstSeen ? 5000 : 500, signal, deadline);
  }
}

function wait(ms: number, signal: AbortSignal, deadline: number) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, Math.min(ms, deadline - Date.now())));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

function describe(print: (line: string) => void) {
  return (event: ClusterEvent) => {
    const where = event.container ? `${event.pod}/${event.container}` : event.pod;
    if (event.type === 'pod-created') print(`  pod ${event.pod} created (${event.detail})`);
    else if (event.type === 'ready') print(`  ✓ ${where} Ready`);
    else if (event.type === 'not-ready') print(`  ✗ ${where} no longer Ready`);
    else if (event.type === 'exited')
      print(`  ! ${where} exited (${event.detail}): restarting with back-off`);
    else if (event.type === 'liveness-failed')
      print(`  ! ${where} liveness probe failed: ${event.detail}`);
    else if (event.type === 'warning') print(`  ! ${where}: ${event.detail}`);
  };
}
