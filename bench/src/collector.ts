import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { getStatus, type Started, start } from './processes.js';

export interface Collector {
  pid: number;
  /** `http://127.0.0.1:<port>`: the OTLP gRPC receiver, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Spans its OTLP receiver accepted so far, from its own Prometheus metrics. */
  acceptedSpans(): Promise<number>;
  /** Waits until the accepted count stops moving (in-flight exports landed), then returns it. */
  settledSpans(timeoutMillis?: number): Promise<number>;
  stop(): Promise<void>;
}

// Spans go to the debug exporter, whose per-batch lines are silenced by the log level: the
// receiver does its real work (gRPC, decoding), and nothing else on this machine is slowed down.
// Its self-metrics (Prometheus, :8888 in a pod) listen on a free loopback port here.
const config = (otlpPort: number, metricsPort: number) => `
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${otlpPort}
exporters:
  debug:
    verbosity: basic
service:
  telemetry:
    logs:
      level: warn
    metrics:
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: ${metricsPort}
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
    metrics:
      receivers: [otlp]
      exporters: [debug]
`;

// Once its lines are printed, `tracing-lab binaries` has this long to exit. Node can deadlock in
// its own exit, a worker thread compiling while the main thread shuts down (nodejs/node#54918).
const EXIT_GRACE_MILLIS = 5000;

/** The path of the real Collector, built or found by the lab (`tracing-lab binaries`). */
export async function collectorBinary(labBin: string): Promise<string> {
  const child = spawn(process.execPath, [labBin, 'binaries'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let printedAll = false;
  let killer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!printedAll && /^TRACING_LAB_JAEGER=.+$/m.test(out)) {
      printedAll = true;
      killer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MILLIS);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  const path = /^TRACING_LAB_OTELCOL=(.+)$/m.exec(out)?.[1];
  // Once everything is printed, how the process ended does not matter.
  if (!path || (code !== 0 && !printedAll)) {
    throw new Error(`tracing-lab binaries failed (exit code ${code})`);
  }
  return path;
}

/** Starts the Collector on free loopback ports and waits until it serves its metrics. */
export async function startCollector(binary: string): Promise<Collector> {
  const [otlpPort, metricsPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'tracing-lab-bench-'));
  const configPath = join(dir, 'otelcol.yaml');
  writeFileSync(configPath, config(otlpPort, metricsPort));
  const started: Started = start(binary, [`--config=${configPath}`], { PATH: process.env.PATH });
  try {
    await waitForMetrics(started, metricsPort);
  } catch (error) {
    await started.stop();
    throw error;
  } finally {
    // Read once at start (the Collector reloads only on SIGHUP): nothing to leave behind.
    rmSync(dir, { recursive: true, force: true });
  }
  const acceptedSpans = () => readAcceptedSpans(metricsPort);
  return {
    pid: started.pid,
    endpoint: `http://127.0.0.1:${otlpPort}`,
    acceptedSpans,
    async settledSpans(timeoutMillis = 10_000) {
      const begin = performance.now();
      let last = await acceptedSpans();
      let stableSince = performance.now();
      while (performance.now() - begin < timeoutMillis) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = await acceptedSpans();
        if (now !== last) [last, stableSince] = [now, performance.now()];
        else if (performance.now() - stableSince >= 300) break;
      }
      return last;
    },
    stop: () => started.stop(),
  };
}

async function waitForMetrics(started: Started, port: number): Promise<void> {
  const begin = performance.now();
  while (performance.now() - begin < 30_000) {
    if (started.child.exitCode !== null) {
      throw new Error(`the Collector exited (code ${started.child.exitCode}): ${started.output()}`);
    }
    if ((await getStatus(port, '/metrics')) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the Collector did not serve its metrics within 30 s: ${started.output()}`);
}

/** Sums `otelcol_receiver_accepted_spans[_total]` over its label sets (0 before the first span). */
async function readAcceptedSpans(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  let total = 0;
  for (const m of text.matchAll(
    /^otelcol_receiver_accepted_spans(?:_total)?(?:\{[^}]*\})? (\S+)/gm,
  )) {
    total += Number(m[1]);
  }
  return total;
}
