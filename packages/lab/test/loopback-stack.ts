import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { waitFor } from './helpers.js';

/*
 * The real Collector and Jaeger on 127.0.0.1, each run with the config files a rendered overlay
 * gives it plus one last file that only moves every listener to a free loopback port (the
 * Collector merges --config files in order). Nothing else of the config changes.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface LoopbackProcess {
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

async function run(binary: string, configs: string[], healthUrl: string): Promise<LoopbackProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'tracing-lab-loopback-'));
  const files = configs.map((_, i) => join(dir, `config-${i}.yaml`));
  await Promise.all(configs.map((text, i) => writeFile(files[i] as string, text)));
  const child: ChildProcess = spawn(
    binary,
    files.map((f) => `--config=${f}`),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${binary} to answer ${healthUrl}`, async () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
      return (await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })).ok;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { output: () => output, stop };
}

const otlpReceiver = (grpc: number, http: number) => ({
  otlp: {
    protocols: {
      grpc: { endpoint: `127.0.0.1:${grpc}` },
      http: { endpoint: `127.0.0.1:${http}` },
    },
  },
});

/** Jaeger with its rendered config; `queryUrl` serves the query API. */
export async function startJaeger(jaeger: string, configs: string[]) {
  const [grpc, http, query, queryGrpc, health] = await Promise.all(
    Array.from({ length: 5 }, freePort),
  );
  const ports = {
    receivers: otlpReceiver(grpc as number, http as number),
    extensions: {
      jaeger_query: {
        http: { endpoint: `127.0.0.1:${query}` },
        grpc: { endpoint: `127.0.0.1:${queryGrpc}` },
      },
      healthcheckv2: { http: { endpoint: `127.0.0.1:${health}` } },
    },
  };
  const process = await run(
    jaeger,
    [...configs, stringify(ports)],
    `http://127.0.0.1:${health}/status`,
  );
  return { ...process, otlpGrpc: `127.0.0.1:${grpc}`, queryUrl: `http://127.0.0.1:${query}` };
}

/** The Collector with its rendered config files, exporting to `jaegerOtlpGrpc` instead of jaeger:4317. */
export async function startCollector(otelcol: string, configs: string[], jaegerOtlpGrpc: string) {
  const [grpc, http, health] = await Promise.all(Array.from({ length: 3 }, freePort));
  const ports = {
    receivers: otlpReceiver(grpc as number, http as number),
    extensions: { health_check: { endpoint: `127.0.0.1:${health}` } },
    exporters: { 'otlp_grpc/jaeger': { endpoint: jaegerOtlpGrpc } },
    // The Collector's own metrics would take port 8888, which other runs may hold.
    service: { telemetry: { metrics: { level: 'none' } } },
  };
  const process = await run(otelcol, [...configs, stringify(ports)], `http://127.0.0.1:${health}/`);
  return { ...process, otlpGrpc: `http://127.0.0.1:${grpc}` };
}
